import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { BELEVING_SOURCES, EMOTIONS, KLANTPROFIELEN, MILESTONES, PHASES, UITVAL_REASONS } from '@living-lab/domain';
import { IsIsoDate, IsPastOrTodayDate } from '../common/validators';

export class RecordEventDto {
  @ApiProperty({ enum: MILESTONES })
  @IsIn(MILESTONES, { message: 'Onbekende mijlpaal.' })
  milestone: string;

  @ApiProperty({ example: '2026-03-02' })
  @IsPastOrTodayDate()
  occurredOn: string;

  @ApiPropertyOptional({ enum: UITVAL_REASONS, description: 'Verplicht bij uitval, anders leeg' })
  @ValidateIf((o: RecordEventDto) => o.milestone === 'uitval' || o.reason !== undefined)
  @IsIn(UITVAL_REASONS, { message: `Geef bij uitval de reden: ${UITVAL_REASONS.join(', ')}.` })
  reason?: string;

  @ApiPropertyOptional({ description: 'Id van de registratie die deze corrigeert' })
  @IsOptional()
  @IsString({ message: 'Geef het id van de registratie die u corrigeert.' })
  @MaxLength(20, { message: 'Te lang.' })
  supersedes?: string;

  @ApiPropertyOptional({ description: 'Waarom de correctie (verplicht bij supersedes)' })
  @ValidateIf((o: RecordEventDto) => o.supersedes !== undefined || o.correctionReason !== undefined)
  @IsString({ message: 'Schrijf op waarom u corrigeert.' })
  @IsNotEmpty({ message: 'Schrijf op waarom u corrigeert.' })
  @MaxLength(500, { message: 'Hoogstens 500 tekens.' })
  correctionReason?: string;
}

const item = (name: string) => ({ message: `${name}: een heel getal van 1 tot en met 5.` });

export class RecordBelevingDto {
  @ApiProperty({ enum: PHASES })
  @IsIn(PHASES, { message: `Onbekende fase. Kies uit: ${PHASES.join(', ')}.` })
  phase: string;

  @ApiProperty({ example: '2026-03-02' })
  @IsPastOrTodayDate()
  measuredOn: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10 })
  @IsOptional()
  @IsInt({ message: 'Een rapportcijfer is een heel getal van 1 tot en met 10.' })
  @Min(1, { message: 'Een rapportcijfer is een heel getal van 1 tot en met 10.' })
  @Max(10, { message: 'Een rapportcijfer is een heel getal van 1 tot en met 10.' })
  rapportcijfer?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(item('waardigheid'))
  @Min(1, item('waardigheid'))
  @Max(5, item('waardigheid'))
  waardigheid?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(item('duidelijkheid'))
  @Min(1, item('duidelijkheid'))
  @Max(5, item('duidelijkheid'))
  duidelijkheid?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(item('tempo'))
  @Min(1, item('tempo'))
  @Max(5, item('tempo'))
  tempo?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(item('foutloos'))
  @Min(1, item('foutloos'))
  @Max(5, item('foutloos'))
  foutloos?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt(item('financiele_rust'))
  @Min(1, item('financiele_rust'))
  @Max(5, item('financiele_rust'))
  financiele_rust?: number;

  @ApiPropertyOptional({ enum: EMOTIONS })
  @IsOptional()
  @IsIn(EMOTIONS, { message: `Kies een emotie: ${EMOTIONS.join(', ')}.` })
  emotie?: string;

  @ApiPropertyOptional({ enum: BELEVING_SOURCES, default: 'staff' })
  @IsOptional()
  @IsIn(BELEVING_SOURCES, { message: 'Bron is staff of client.' })
  source?: 'staff' | 'client';
}

/** A klantprofiel from a date on: a new entry of the participant's history (a change never overwrites). */
export class RecordKlantprofielDto {
  @ApiProperty({ enum: KLANTPROFIELEN })
  @IsIn(KLANTPROFIELEN, { message: `Kies een klantprofiel: ${KLANTPROFIELEN.join(', ')}.` })
  klantprofiel: string;

  @ApiProperty({
    example: '2026-03-02',
    description: 'Vanaf deze datum geldt het profiel (vandaag of eerder; een datum in de toekomst geeft 400)',
  })
  @IsIsoDate()
  validFrom: string;
}
