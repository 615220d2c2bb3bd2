import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Title, useDataProvider, useNotify, usePermissions } from 'react-admin';
import { can } from '../authProvider';
import { dateTime } from '../format';
import { ReportBody } from './ReportBody';
import type { ReportView } from '@living-lab/report';
import { recentQuarters } from '@living-lab/quarters';
import { ReflectionsSection } from './reflections/ReflectionsSection';

/** A published version as GET …/versions lists it. */
interface ReportVersion {
  version: number;
  publishedAt: string;
}

/** The quarterly reflection report: view with charts, download PDF and XLSX, publish, versions. */
export function ReportsPage() {
  const dp = useDataProvider();
  const notify = useNotify();
  const { permissions: role } = usePermissions();
  const quarters = recentQuarters();
  const [quarter, setQuarter] = useState(quarters[0]);
  const [draft, setDraft] = useState(can(role, 'reports.publish'));
  const [report, setReport] = useState<ReportView | null>(null);
  const [versions, setVersions] = useState<ReportVersion[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    setReport(null);
    setError(null);
    dp.getReport(quarter, draft && can(role, 'reports.publish') ? { draft: true } : {})
      .then(setReport)
      .catch((e: { status?: number; message?: string }) =>
        setError(
          e?.status === 404
            ? `Er is nog geen gepubliceerd rapport voor ${quarter}. ${e.message ?? ''}`
            : (e.message ?? null),
        ),
      );
    if (can(role, 'reports.versions'))
      dp.getReportVersions(quarter)
        .then(setVersions)
        .catch(() => setVersions([]));
  }, [dp, quarter, draft, role]);
  useEffect(() => {
    load();
  }, [load]);
  const publish = async () => {
    try {
      const v = await dp.publishReport(quarter);
      notify(`Versie ${v.version ?? ''} is gepubliceerd.`, { type: 'success' });
      load();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  const get = (ext: 'pdf' | 'xlsx') =>
    dp
      .downloadReport(quarter, ext, draft && can(role, 'reports.publish') ? '?draft=true' : '')
      .catch((e: Error) => notify(e.message, { type: 'error' }));
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Kwartaalrapporten" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography component="h1" variant="h5">
            Kwartaalreflectie
          </Typography>
          <Typography>
            Elk kwartaal de uitkomsten van de experimenten, samengevat en zonder gegevens van personen. Gemeenten staan
            er onder een code in, tenzij ze toestemming gaven.
          </Typography>
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', mt: 1 }}>
            <TextField
              select
              id="rapport-kwartaal"
              label="Kwartaal"
              value={quarter}
              onChange={(e) => setQuarter(e.target.value)}
              sx={{ minWidth: 200 }}
              margin="normal"
            >
              {quarters.map((q) => (
                <MenuItem key={q} value={q}>
                  {q.replace('-Q', ' kwartaal ')}
                </MenuItem>
              ))}
            </TextField>
            {can(role, 'reports.publish') && (
              <FormControlLabel
                control={<Switch checked={draft} onChange={(e) => setDraft(e.target.checked)} />}
                label="Concept (nog niet gepubliceerd)"
              />
            )}
            <Button variant="outlined" onClick={() => get('pdf')}>
              PDF downloaden
            </Button>
            <Button variant="outlined" onClick={() => get('xlsx')}>
              Excel downloaden
            </Button>
            {can(role, 'reports.publish') && (
              <Button variant="contained" onClick={publish}>
                Publiceren
              </Button>
            )}
          </Box>
          {versions.length > 0 && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              Gepubliceerde versies:{' '}
              {versions.map((v) => `versie ${v.version} (${dateTime(v.publishedAt)})`).join(', ')}
            </Typography>
          )}
        </CardContent>
      </Card>
      {error && <Alert severity="info">{error}</Alert>}
      {!report && !error && <LinearProgress aria-label="Laden" />}
      {report && (
        <ReportBody
          report={report}
          before={
            <ReflectionsSection
              quarter={quarter}
              role={role}
              experiments={(report.experiments ?? []).map((x) => ({ key: x.plan?.key, title: x.plan?.title }))}
            />
          }
        />
      )}
    </Box>
  );
}
