import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AANMELDROUTES, KLANTPROFIELEN, SEGMENTS } from '@living-lab/domain';
import { PageQuery } from '../common/pagination';
import { ENROLMENT_SORT_FIELDS, type EnrolmentSortField } from './enrolment.repository';
import { IsParticipantRef, IsPastOrTodayDate } from '../common/validators';

export class EnrolDto {
  @ApiProperty({ example: 'lindewaard' })
  @IsString({ message: 'Geef de code van de gemeente.' })
  @MaxLength(40, { message: 'Te lang.' })
  gemeente: string;

  @ApiProperty({ example: 'P-000123', description: 'Pseudonieme code van de gemeente; nooit een naam of BSN' })
  @IsParticipantRef()
  participantRef: string;

  @ApiProperty({ example: '2026-03-02' })
  @IsPastOrTodayDate()
  enrolledOn: string;

  @ApiPropertyOptional({ description: 'Alleen bij allocation external' })
  @IsOptional()
  @IsString({ message: 'Geef de key van de arm.' })
  @MaxLength(40, { message: 'Te lang.' })
  arm?: string;

  @ApiPropertyOptional({ enum: KLANTPROFIELEN })
  @IsOptional()
  @IsIn(KLANTPROFIELEN, { message: `Kies een klantprofiel: ${KLANTPROFIELEN.join(', ')}.` })
  klantprofiel?: string;

  @ApiPropertyOptional({ enum: SEGMENTS })
  @IsOptional()
  @IsIn(SEGMENTS, { message: `Kies een segment: ${SEGMENTS.join(', ')}.` })
  segment?: string;

  @ApiPropertyOptional({ enum: AANMELDROUTES })
  @IsOptional()
  @IsIn(AANMELDROUTES, { message: `Kies een aanmeldroute: ${AANMELDROUTES.join(', ')}.` })
  aanmeldroute?: string;
}

export class EnrolmentListQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Geef de code van de gemeente.' })
  gemeente?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Geef de key van de arm.' })
  arm?: string;

  @ApiPropertyOptional({ enum: ENROLMENT_SORT_FIELDS, description: 'default enrolledOn' })
  @IsOptional()
  @IsIn(ENROLMENT_SORT_FIELDS, { message: `Sorteer op een van: ${ENROLMENT_SORT_FIELDS.join(', ')}.` })
  sort?: EnrolmentSortField;

  @ApiPropertyOptional({ enum: ['ASC', 'DESC'], description: 'default DESC' })
  @IsOptional()
  @IsIn(['ASC', 'DESC'], { message: 'Kies ASC (oplopend) of DESC (aflopend).' })
  order?: 'ASC' | 'DESC';
}
