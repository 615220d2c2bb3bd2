import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DECISION_LABELS, REFLECTION_DECISIONS, REFLECTION_LIMITS as L } from '@living-lab/domain';

const QUARTER = /^\d{4}-Q[1-4]$/;
const SOMETHING = /\S/;
const written = (what: string, max: number) => [
  IsString({ message: `Schrijf ${what}.` }),
  Matches(SOMETHING, { message: `Schrijf ${what}.` }),
  MaxLength(max, { message: `Hoogstens ${max.toLocaleString('nl-NL')} tekens.` }),
];
const apply =
  (...ds: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of ds) d(target, key);
  };

export class DecisionDto {
  @ApiProperty({ enum: REFLECTION_DECISIONS })
  @IsIn(REFLECTION_DECISIONS, {
    message: `Kies een besluit: ${REFLECTION_DECISIONS.map((d) => `${DECISION_LABELS[d].toLowerCase()} (${d})`).join(', ')}.`,
  })
  decision: string;

  @ApiProperty({ description: 'Waarom dit besluit' })
  @apply(...written('waarom dit besluit genomen is', L.reason))
  reason: string;
}

export class ProposalDto {
  @ApiProperty({ description: 'Het verbetervoorstel' })
  @apply(...written('wat er beter kan', L.proposal))
  text: string;

  @ApiProperty({ description: 'Wie het oppakt: een rol of organisatie' })
  @apply(...written('wie het oppakt (een rol of organisatie)', L.owner))
  owner: string;

  @ApiProperty({ example: '2027-Q1' })
  @IsString({ message: 'Schrijf het kwartaal als JJJJ-Qn, bijvoorbeeld 2027-Q1.' })
  @Matches(QUARTER, { message: 'Schrijf het kwartaal als JJJJ-Qn, bijvoorbeeld 2027-Q1.' })
  targetQuarter: string;
}

/** One reflection: about one experiment (experimentKey), or without it about the lab as a whole. */
export class ReflectionDto {
  @ApiPropertyOptional({ description: 'Het experiment; leeg voor het living lab als geheel' })
  @IsOptional()
  @IsString({ message: 'Geef de key van een experiment, of laat dit leeg.' })
  @MaxLength(100, { message: 'Hoogstens 100 tekens.' })
  experimentKey?: string | null;

  @ApiProperty({ description: 'Wat we uit de cijfers concluderen' })
  @apply(...written('wat u uit de cijfers concludeert', L.conclusions))
  conclusions: string;

  @ApiPropertyOptional({ type: [DecisionDto] })
  @IsOptional()
  @IsArray({ message: 'Geef de besluiten als lijst.' })
  @ArrayMaxSize(L.items, { message: `Hoogstens ${L.items} besluiten.` })
  @ValidateNested({ each: true })
  @Type(() => DecisionDto)
  decisions?: DecisionDto[];

  @ApiPropertyOptional({ type: [ProposalDto] })
  @IsOptional()
  @IsArray({ message: 'Geef de verbetervoorstellen als lijst.' })
  @ArrayMaxSize(L.items, { message: `Hoogstens ${L.items} verbetervoorstellen.` })
  @ValidateNested({ each: true })
  @Type(() => ProposalDto)
  proposals?: ProposalDto[];
}

/** What came of a decision or proposal of the previous quarter. */
export class FollowUpDto {
  @ApiProperty({ enum: ['decision', 'proposal'] })
  @IsIn(['decision', 'proposal'], { message: 'Kies decision (een besluit) of proposal (een verbetervoorstel).' })
  kind: 'decision' | 'proposal';

  @ApiProperty({ description: 'Het id van het besluit of voorstel' })
  @IsString({ message: 'Geef het nummer (id) van het besluit of voorstel.' })
  @Matches(/^[1-9]\d{0,15}$/, { message: 'Geef het nummer (id) van het besluit of voorstel.' })
  id: string;

  @ApiProperty({ description: 'Wat ervan kwam' })
  @apply(...written('wat ervan kwam', L.outcome))
  outcome: string;
}

export class CommentDto {
  @ApiProperty({ description: 'De reactie' })
  @apply(...written('uw reactie', L.comment))
  text: string;
}
