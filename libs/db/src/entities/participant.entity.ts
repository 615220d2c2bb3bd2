import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A pseudonymous participant: a reference chosen by the gemeente, never a name, address or BSN. */
@Entity('participant')
export class ParticipantEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text', { name: 'gemeente_code' }) gemeente: string;
  @Column('text', { name: 'participant_ref' }) participantRef: string;
  @Column('text', { nullable: true }) klantprofiel: string | null;
  @Column('text', { nullable: true }) segment: string | null;
  @Column('text', { nullable: true }) aanmeldroute: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('enrolment')
export class EnrolmentEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text', { name: 'experiment_key' }) experimentKey: string;
  @Column('bigint', { name: 'participant_id' }) participantId: string;
  @Column('text', { name: 'arm_key' }) arm: string;
  @Column('date', { name: 'enrolled_on' }) enrolledOn: string;
  @Column('uuid', { name: 'enrolled_by', nullable: true }) enrolledBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Append-only: corrections are new rows that supersede an earlier one. */
@Entity('milestone_event')
export class MilestoneEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('bigint', { name: 'participant_id' }) participantId: string;
  @Column('text') milestone: string;
  @Column('date', { name: 'occurred_on' }) occurredOn: string;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('bigint', { name: 'supersedes_id', nullable: true }) supersedesId: string | null;
  @Column('text', { name: 'correction_reason', nullable: true }) correctionReason: string | null;
  @Column('boolean', { default: false }) retracted: boolean;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}

@Entity('beleving_score')
export class BelevingScoreEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('bigint', { name: 'participant_id' }) participantId: string;
  @Column('text') phase: string;
  @Column('date', { name: 'measured_on' }) measuredOn: string;
  @Column('smallint', { nullable: true }) rapportcijfer: number | null;
  @Column('smallint', { nullable: true }) waardigheid: number | null;
  @Column('smallint', { nullable: true }) duidelijkheid: number | null;
  @Column('smallint', { nullable: true }) tempo: number | null;
  @Column('smallint', { nullable: true }) foutloos: number | null;
  @Column('smallint', { name: 'financiele_rust', nullable: true }) financieleRust: number | null;
  @Column('text', { nullable: true }) emotie: string | null;
  @Column('text') source: 'staff' | 'client';
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}

@Entity('audit_entry')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @CreateDateColumn({ type: 'timestamptz' }) at: Date;
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('text') entity: string;
  @Column('text', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('jsonb', { nullable: true }) before: unknown;
  @Column('jsonb', { nullable: true }) after: unknown;
  /** Hash chain (set by a database trigger): position, previous entry's hash, this entry's hash. */
  @Column('bigint') seq: string;
  @Column('text', { name: 'prev_hash' }) prevHash: string;
  @Column('text') hash: string;
}
