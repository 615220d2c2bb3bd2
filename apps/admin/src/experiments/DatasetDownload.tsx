import DownloadIcon from '@mui/icons-material/Download';
import { Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { useNotify, usePermissions, type RaRecord } from 'react-admin';
import { todayIso } from '@living-lab/dates';
import { can } from '../authProvider';
import { download } from '../http';

/**
 * The analysis dataset of an experiment (issue 14): one row per participant for R, SPSS or Excel,
 * with the data dictionary and the R commands that repeat the main comparison. Only for the roles
 * the API serves it to (projectleider, beheerder); every download is recorded in the audit log.
 */
export function DatasetDownload({ experiment }: { experiment: RaRecord }) {
  const { permissions: role } = usePermissions();
  const notify = useNotify();
  if (!can(role, 'dataset') || experiment.status === 'draft') return null;
  const key = experiment.key as string;
  const asOf = todayIso();
  const base = `/experiments/${encodeURIComponent(key)}/dataset`;
  const name = `${key}-analysebestand-${asOf}`;
  const get = (path: string, file: string) => () =>
    download(path, file).catch((e: Error) => notify(e.message, { type: 'error' }));
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="dataset-download">
      <CardContent>
        <Typography component="h2" variant="h6">
          Analysebestand
        </Typography>
        <Typography sx={{ mt: 1 }}>
          Eén regel per deelnemer, met de cijfers tot en met vandaag: groep, uitkomsten, tijd tot het einde van het
          traject en klantbeleving. Voor onderzoekers die zelf willen rekenen in R, SPSS of Excel. Deelnemers staan er
          alleen met hun code in. Elke download wordt vastgelegd.
        </Typography>
        <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap', rowGap: 1 }}>
          <Button
            variant="outlined"
            startIcon={<DownloadIcon />}
            onClick={get(`${base}?asOf=${asOf}&format=csv`, `${name}.csv`)}
          >
            CSV downloaden
          </Button>
          <Button
            variant="outlined"
            startIcon={<DownloadIcon />}
            onClick={get(`${base}?asOf=${asOf}&format=xlsx`, `${name}.xlsx`)}
          >
            Excel downloaden
          </Button>
          <Button
            variant="outlined"
            startIcon={<DownloadIcon />}
            onClick={get(`${base}/r-script?asOf=${asOf}`, `${name}.R`)}
          >
            R-opdrachten downloaden
          </Button>
          <Button
            variant="outlined"
            startIcon={<DownloadIcon />}
            onClick={get(`${base}/dictionary?format=csv`, `${key}-woordenboek.csv`)}
          >
            Uitleg van de kolommen (CSV)
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}
