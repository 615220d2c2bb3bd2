import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

/** A CBS gemeentecode: GM and 4 digits. */
const CBS_CODE = /^GM[0-9]{4}$/;

export class CreateGemeenteDto {
  @ApiProperty({ example: 'lindewaard' })
  @IsString({ message: 'Geef een code.' })
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'Gebruik 2 tot 40 kleine letters, cijfers of streepjes.' })
  code: string;

  @ApiProperty({ example: 'Lindewaard' })
  @IsString({ message: 'Geef de naam.' })
  @IsNotEmpty({ message: 'Geef de naam.' })
  @MaxLength(100, { message: 'Hoogstens 100 tekens.' })
  naam: string;

  @ApiPropertyOptional({ example: 120000 })
  @IsOptional()
  @IsInt({ message: 'Moet een heel getal zijn.' })
  @Min(0, { message: 'Kan niet negatief zijn.' })
  @Max(100_000_000, { message: 'Dat zijn te veel inwoners.' })
  inwoners?: number;

  @ApiPropertyOptional({ description: 'Toestemming om bij naam in rapporten te staan' })
  @IsOptional()
  @IsBoolean({ message: 'Moet true of false zijn.' })
  consentNamed?: boolean;

  @ApiPropertyOptional({
    example: 'GM0001',
    description: 'CBS-gemeentecode: GM en 4 cijfers (zoals DDAS-leveringen de gemeente noemen)',
  })
  @IsOptional()
  @IsString({ message: 'Geef de CBS-code als tekst.' })
  @Matches(CBS_CODE, { message: 'Een CBS-code is GM met 4 cijfers, bijvoorbeeld GM0363.' })
  cbsCode?: string;
}

export class UpdateGemeenteDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Geef de naam.' })
  @IsNotEmpty({ message: 'Geef de naam.' })
  @MaxLength(100, { message: 'Hoogstens 100 tekens.' })
  naam?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'Moet een heel getal zijn.' })
  @Min(0, { message: 'Kan niet negatief zijn.' })
  @Max(100_000_000, { message: 'Dat zijn te veel inwoners.' })
  inwoners?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'Moet true of false zijn.' })
  consentNamed?: boolean;

  @ApiPropertyOptional({
    type: String,
    example: 'GM0001',
    nullable: true,
    description: 'CBS-gemeentecode (GM en 4 cijfers); null haalt hem weg',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: 'Geef de CBS-code als tekst.' })
  @Matches(CBS_CODE, { message: 'Een CBS-code is GM met 4 cijfers, bijvoorbeeld GM0363.' })
  cbsCode?: string | null;
}

export class DdasKeyDto {
  @ApiProperty({
    example: 'SHA256:0123456789abcdef',
    description: 'Vingerafdruk van de DDAS-sleutel (nooit de sleutel zelf)',
  })
  @IsString({ message: 'Geef de vingerafdruk van de sleutel.' })
  @Matches(/^SHA256:[0-9a-f]{16}$/, { message: 'Een vingerafdruk is SHA256: met 16 tekens 0-9 of a-f.' })
  fingerprint: string;
}
