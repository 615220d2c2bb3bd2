import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { DELIVERY_KIND_PATTERN, EXPERIMENT_KEY_PATTERN } from '@living-lab/domain';
import { IsPastOrTodayDate } from '../common/validators';

/** The sources a client may name: `hand` (the web app's timeline screen) or `api` (the default). Imports say `import` themselves. */
export const CLIENT_DELIVERY_SOURCES = ['hand', 'api'] as const;

export class RecordDeliveryDto {
  @ApiProperty({ example: 'jumbo-bon-intake', description: 'Het experiment waarin de deelnemer is ingeschreven' })
  @IsString({ message: 'Geef de code van het experiment.' })
  @MaxLength(80, { message: 'Te lang.' })
  @Matches(EXPERIMENT_KEY_PATTERN, {
    message: 'Geef de code van het experiment (kleine letters, cijfers en streepjes).',
  })
  experiment: string;

  @ApiProperty({
    example: 'bon_uitgereikt',
    description:
      'Wat is geleverd: een soort uit `delivery` van de definitie (van elke arm; een andere arm telt als besmetting)',
  })
  @IsString({ message: 'Geef de soort levering, bijvoorbeeld bon_uitgereikt.' })
  @Matches(DELIVERY_KIND_PATTERN, { message: 'Geef de soort levering, bijvoorbeeld bon_uitgereikt.' })
  kind: string;

  @ApiProperty({
    example: '2026-03-02',
    description: 'Dag van de levering: niet vóór de inschrijving, niet in de toekomst',
  })
  @IsPastOrTodayDate()
  deliveredOn: string;

  @ApiPropertyOptional({ enum: CLIENT_DELIVERY_SOURCES, default: 'api', description: 'hand: ingevoerd op het scherm' })
  @IsOptional()
  @IsIn(CLIENT_DELIVERY_SOURCES, { message: 'Bron is hand of api.' })
  source?: 'hand' | 'api';

  @ApiPropertyOptional({ description: 'Id van de levering die deze corrigeert' })
  @IsOptional()
  @IsString({ message: 'Geef het nummer van de registratie die u verbetert.' })
  @MaxLength(20, { message: 'Te lang.' })
  supersedes?: string;

  @ApiPropertyOptional({ description: 'Waarom de correctie (verplicht bij supersedes)' })
  @ValidateIf((o: RecordDeliveryDto) => o.supersedes !== undefined || o.correctionReason !== undefined)
  @IsString({ message: 'Schrijf op waarom u verbetert.' })
  @IsNotEmpty({ message: 'Schrijf op waarom u verbetert.' })
  @MaxLength(500, { message: 'Hoogstens 500 tekens.' })
  correctionReason?: string;

  @ApiPropertyOptional({ description: 'true: de levering in supersedes is niet gebeurd (intrekken)' })
  @ValidateIf((o: RecordDeliveryDto) => o.retract !== undefined)
  @Equals(true, { message: 'Alleen true: de levering is niet gebeurd.' })
  retract?: true;
}
