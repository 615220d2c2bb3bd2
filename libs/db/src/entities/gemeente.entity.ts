import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('gemeente')
export class GemeenteEntity {
  @PrimaryColumn('text') code: string;
  @Column('text') naam: string;
  @Column('integer', { nullable: true }) inwoners: number | null;
  /** The gemeente agreed to be named in reports; otherwise reports use a per-report letter code. */
  @Column('boolean', { name: 'consent_named', default: false }) consentNamed: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
