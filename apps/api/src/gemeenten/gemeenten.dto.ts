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
}
