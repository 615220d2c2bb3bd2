import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryColumn,
  UpdateDateColumn,
  ManyToOne,
  JoinColumn,
} from 'typeorm';
import type { Allocation, Design, ExperimentStatus, Randomization } from '@living-lab/domain';

const float = {
  type: 'double precision' as const,
  nullable: true,
  transformer: { to: (v: unknown) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) },
};

@Entity('experiment')
export class ExperimentEntity {
  @PrimaryColumn('text') key: string;
  @Column('text') title: string;
  @Column('text') hypothesis: string;
  @Column('text', { name: 'intervention_phase' }) interventionPhase: string;
  @Column('text') design: Design;
  @Column('text') allocation: Allocation;
  @Column('text') randomization: Randomization;
  @Column('text', { name: 'primary_metric' }) primaryMetric: string;
  @Column('text', { name: 'secondary_metrics', array: true, default: () => "'{}'" }) secondaryMetrics: string[];
  @Column('integer', { name: 'follow_up_days' }) followUpDays: number;
  @Column({ ...float, name: 'expected_baseline' }) expectedBaseline: number | null;
  @Column({ ...float, name: 'minimum_effect' }) minimumEffect: number | null;
  @Column('integer', { name: 'planned_looks' }) plannedLooks: number;
  @Column('jsonb', { name: 'arm_cost', nullable: true }) armCost: Record<string, number> | null;
  @Column('date', { name: 'start_date', nullable: true }) start: string | null;
  @Column('date', { name: 'end_date', nullable: true }) end: string | null;
  @Column('text') status: ExperimentStatus;
  /** Secret seed of the arm assignment: never returned by the API. */
  @Column('text', { name: 'assignment_seed', select: false }) assignmentSeed: string;
  @Column('text') source: 'api' | 'file';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;

  @OneToMany(() => ExperimentArmEntity, (a) => a.experiment, { cascade: true }) arms: ExperimentArmEntity[];
  @OneToMany(() => ExperimentGemeenteEntity, (g) => g.experiment, { cascade: true })
  gemeenten: ExperimentGemeenteEntity[];
}

@Entity('experiment_arm')
export class ExperimentArmEntity {
  @PrimaryColumn('text', { name: 'experiment_key' }) experimentKey: string;
  @PrimaryColumn('text') key: string;
  @Column('text') name: string;
  @Column('double precision') weight: number;
  @Column('boolean', { name: 'is_control' }) isControl: boolean;
  @Column('integer') position: number;
  @ManyToOne(() => ExperimentEntity, (e) => e.arms, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'experiment_key' })
  experiment: ExperimentEntity;
}

@Entity('experiment_gemeente')
export class ExperimentGemeenteEntity {
  @PrimaryColumn('text', { name: 'experiment_key' }) experimentKey: string;
  @PrimaryColumn('text', { name: 'gemeente_code' }) gemeente: string;
  @ManyToOne(() => ExperimentEntity, (e) => e.gemeenten, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'experiment_key' })
  experiment: ExperimentEntity;
}
