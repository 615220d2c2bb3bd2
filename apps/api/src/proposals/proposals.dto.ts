import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PROPOSAL_KINDS, PROPOSAL_STATES } from '@living-lab/domain';
import { PageQuery } from '../common/pagination';

export class ProposalListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATES })
  @IsOptional()
  @IsIn(PROPOSAL_STATES, { message: `Kies een van: ${PROPOSAL_STATES.join(', ')}.` })
  state?: string;

  @ApiPropertyOptional({ enum: PROPOSAL_KINDS })
  @IsOptional()
  @IsIn(PROPOSAL_KINDS, { message: `Kies een van: ${PROPOSAL_KINDS.join(', ')}.` })
  kind?: string;
}

/** A gemeente asks to join a running experiment from a date. */
export class JoinRequestDto {
  @ApiPropertyOptional({ description: 'the gemeente that joins; a gemeente user may leave it out (their own)' })
  @IsOptional()
  @IsString({ message: 'Geef de code van de gemeente.' })
  @MaxLength(100, { message: 'Hoogstens 100 tekens.' })
  gemeente?: string;

  @ApiProperty({ description: 'key of a running experiment' })
  @IsString({ message: 'Kies een experiment.' })
  @MaxLength(200, { message: 'Hoogstens 200 tekens.' })
  experiment!: string;

  @ApiProperty({ format: 'date', description: 'YYYY-MM-DD (DD-MM-YYYY is accepted too)' })
  @IsString({ message: 'Schrijf de datum als dd-mm-jjjj.' })
  @MaxLength(20, { message: 'Schrijf de datum als dd-mm-jjjj.' })
  fromDate!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Schrijf de toelichting als tekst.' })
  @MaxLength(4000, { message: 'Hoogstens 4000 tekens.' })
  motivation?: string;
}

export class CommentDto {
  @ApiProperty()
  @IsString({ message: 'Schrijf een reactie.' })
  @MaxLength(4000, { message: 'Hoogstens 4000 tekens.' })
  text!: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'decline'] })
  @IsIn(['approve', 'decline'], { message: 'Kies approve (goedkeuren) of decline (afwijzen).' })
  decision!: 'approve' | 'decline';

  @ApiPropertyOptional({ description: 'required when declining; the gemeente sees it' })
  @IsOptional()
  @IsString({ message: 'Schrijf de reden als tekst.' })
  @MaxLength(4000, { message: 'Hoogstens 4000 tekens.' })
  reason?: string;
}
