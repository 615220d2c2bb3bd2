import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@living-lab/domain';

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { unique: true }) username: string;
  /** argon2id hash; never leaves the auth module. */
  @Column('text', { name: 'password_hash', select: false }) passwordHash: string;
  @Column('text') role: Role;
  @Column('text', { name: 'gemeente_code', nullable: true }) gemeente: string | null;
  @Column('boolean', { default: false }) disabled: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
