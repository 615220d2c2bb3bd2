import { ApiProperty } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { CASELOAD_MAX, UITBESTEDING_ONDERDELEN, WERKWIJZEN } from '@living-lab/domain';

/**
 * The body of PUT /gemeenten/{code}/context/{year}. The fields are checked by checkContextInput
 * (libs/domain), which answers each problem with its own code; `@Allow` only lets them past the
 * whitelist (an unknown field is still refused).
 */
export class GemeenteContextDto {
  @ApiProperty({ enum: WERKWIJZEN, example: 'maatwerk', description: 'Het basismodel van de studie dat het best past' })
  @Allow()
  werkwijze: string;

  @ApiProperty({ example: true, description: 'Hebben klanten een regisseur (één vast aanspreekpunt)?' })
  @Allow()
  regisseur: boolean;

  @ApiProperty({
    type: [String],
    enum: UITBESTEDING_ONDERDELEN,
    example: ['budgetcoaching'],
    description: 'De onderdelen die een contractpartner doet; een lege lijst: niets uitbesteed',
  })
  @Allow()
  uitbesteed: string[];

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 50,
    minimum: 0,
    exclusiveMinimum: true,
    maximum: CASELOAD_MAX,
    description: 'Dossiers per fte (hoogstens 2 decimalen); null: onbekend',
  })
  @Allow()
  caseloadPerFte: number | null;
}
