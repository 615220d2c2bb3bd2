/**
 * The registration of the import kinds: one line per kind. A new kind is one importer file
 * (importers/<kind>.importer.ts, implementing Importer) and one line here; the API, the CLI and
 * the OpenAPI document take the list from here.
 */
import type { Provider, Type } from '@nestjs/common';
import type { Importer } from './importer';
import { BelevingImporter } from './importers/beleving.importer';
import { DdasImporter } from './importers/ddas.importer';
import { DeliveriesImporter } from './importers/deliveries.importer';
import { EnrolmentsImporter } from './importers/enrolments.importer';
import { EventsImporter } from './importers/events.importer';
import { FunnelImporter } from './importers/funnel.importer';

export const IMPORTERS = {
  enrolments: EnrolmentsImporter,
  events: EventsImporter,
  beleving: BelevingImporter,
  funnel: FunnelImporter,
  ddas: DdasImporter,
  deliveries: DeliveriesImporter,
} as const;

export type ImportKind = keyof typeof IMPORTERS;
export const IMPORT_KINDS = Object.keys(IMPORTERS) as readonly ImportKind[];

/** Injection token of every importer by its kind. */
export const IMPORTER_REGISTRY = Symbol('IMPORTER_REGISTRY');
export type ImporterRegistry = ReadonlyMap<string, Importer>;

const classes: Type<Importer>[] = Object.values(IMPORTERS);

/** The importers and the registry, for the application module's providers. */
export const IMPORTER_PROVIDERS: Provider[] = [
  ...classes,
  {
    provide: IMPORTER_REGISTRY,
    inject: classes,
    useFactory: (...importers: Importer[]): ImporterRegistry => {
      const registry = new Map(importers.map((i) => [i.kind, i]));
      for (const [kind, type] of Object.entries(IMPORTERS))
        if (!(registry.get(kind) instanceof type))
          throw new Error(`import kind ${kind}: its importer says another kind`);
      return registry;
    },
  },
];
