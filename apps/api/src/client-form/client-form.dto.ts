import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { EMOTIONS, PHASES } from '@living-lab/domain';
import { PageQuery } from '../common/pagination';
import { IsParticipantRef } from '../common/validators';

export class CreateClientFormDto {
  @ApiProperty({ example: 'lindewaard' })
  @IsString({ message: 'Geef de code van de gemeente.' })
  @MaxLength(40, { message: 'Te lang.' })
  gemeente: string;

  @ApiProperty({ example: 'P-000123' })
  @IsParticipantRef()
  participantRef: string;

  @ApiProperty({ enum: PHASES })
  @IsIn(PHASES, { message: `Kies een fase: ${PHASES.join(', ')}.` })
  phase: string;
}

export class ClientFormListQuery extends PageQuery {
  @ApiProperty()
  @IsString({ message: 'Geef de code van de gemeente.' })
  @MaxLength(40, { message: 'Te lang.' })
  gemeente: string;

  @ApiProperty()
  @IsParticipantRef()
  participantRef: string;
}

const item = { message: 'Kies een antwoord van 1 tot en met 5.' };

/** What a client may send: scores only, never free text or personal data. */
export class ClientAnswersDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Kies een cijfer van 1 tot en met 10.' })
  @Min(1, { message: 'Kies een cijfer van 1 tot en met 10.' })
  @Max(10, { message: 'Kies een cijfer van 1 tot en met 10.' })
  rapportcijfer?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(item)
  @Min(1, item)
  @Max(5, item)
  waardigheid?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(item)
  @Min(1, item)
  @Max(5, item)
  duidelijkheid?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(item)
  @Min(1, item)
  @Max(5, item)
  tempo?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(item)
  @Min(1, item)
  @Max(5, item)
  foutloos?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(item)
  @Min(1, item)
  @Max(5, item)
  financiele_rust?: number;

  @ApiPropertyOptional({ enum: EMOTIONS })
  @IsOptional()
  @IsIn(EMOTIONS, { message: 'Kies een van de woorden.' })
  emotie?: string;
}
