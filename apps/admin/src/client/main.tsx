import { StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import './client.css';

/**
 * The client's own klantbeleving form at /k/<token>: no login, no personal data, one question per
 * screen, large buttons, plain B1 Dutch. Plain React without react-admin, so it loads fast on a phone.
 */
interface Question {
  field: string;
  text: string;
  help?: string;
  options: { value: number | string; label: string }[];
}
interface Form {
  phase: string;
  about: string;
  questions: Question[];
}

const token = decodeURIComponent(location.pathname.replace(/^\/k\/?/, '').split('/')[0] ?? '');
const endpoint = `/api/v1/public/client-form/${encodeURIComponent(token)}`;

function Page({ title, children }: { title: string; children: React.ReactNode }) {
  const h = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    h.current?.focus();
  }, [title]);
  return (
    <main className="page">
      <h1 ref={h} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </main>
  );
}

function App() {
  const [form, setForm] = useState<Form | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [step, setStep] = useState(-1); // -1: welcome
  const [answers, setAnswers] = useState<Record<string, number | string>>({});
  const [done, setDone] = useState(false);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (!token) {
      setProblem('Deze link werkt niet. Vraag uw contactpersoon bij de gemeente om een nieuwe link.');
      return;
    }
    fetch(endpoint, { headers: { Accept: 'application/json' } })
      .then(async (r) => {
        const b = await r.json().catch(() => ({}));
        if (!r.ok) throw new Error(b.message ?? 'Deze link werkt niet.');
        setForm(b);
      })
      .catch((e: Error) => setProblem(e.message || 'Er ging iets mis. Probeer het later nog eens.'));
  }, []);

  if (problem)
    return (
      <Page title="Deze link werkt niet (meer)">
        <p className="lead" role="status">
          {problem}
        </p>
        <p>U hoeft verder niets te doen.</p>
      </Page>
    );
  if (!form)
    return (
      <Page title="Even geduld">
        <p>De vragen worden geladen…</p>
      </Page>
    );
  if (done)
    return (
      <Page title="Dank u wel!">
        <p className="lead" role="status">
          Uw antwoorden zijn opgeslagen. Ze helpen om de hulp bij geldzaken beter te maken.
        </p>
        <p>U kunt dit scherm nu sluiten.</p>
      </Page>
    );

  const qs = form.questions;
  if (step === -1) {
    return (
      <Page title="Wat vindt u van de hulp?">
        <p className="lead">Wij willen graag weten hoe het gaat. Het gaat over {form.about}.</p>
        <ul className="facts">
          <li>Er zijn {qs.length} korte vragen.</li>
          <li>Wij vragen niet naar uw naam of andere gegevens.</li>
          <li>Een vraag overslaan mag.</li>
        </ul>
        <button className="primary" onClick={() => setStep(0)}>
          Beginnen
        </button>
      </Page>
    );
  }

  const submit = async (all: Record<string, number | string>) => {
    setSending(true);
    try {
      const r = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(all),
      });
      const b = await r.json().catch(() => ({}));
      if (!r.ok) {
        if (r.status === 400) {
          setProblem(null);
          alert(b.errors?.[0]?.message ?? b.message);
          setStep(0);
          return;
        }
        setProblem(b.message ?? 'Opslaan lukte niet. Probeer het later nog eens.');
        return;
      }
      setDone(true);
    } catch {
      setProblem('Er is geen verbinding. Probeer het later nog eens.');
    } finally {
      setSending(false);
    }
  };

  if (step >= qs.length) {
    const answered = Object.keys(answers).length;
    return (
      <Page title="Klaar met de vragen">
        <p className="lead">
          {answered === 0
            ? 'U heeft geen vraag beantwoord. Beantwoord minstens één vraag om te versturen.'
            : `U heeft ${answered} van de ${qs.length} vragen beantwoord.`}
        </p>
        <div className="nav">
          <button className="secondary" onClick={() => setStep(qs.length - 1)}>
            Terug
          </button>
          <button className="primary" disabled={answered === 0 || sending} onClick={() => submit(answers)}>
            {sending ? 'Bezig…' : 'Versturen'}
          </button>
        </div>
      </Page>
    );
  }

  const q = qs[step];
  const choose = (v: number | string) => {
    setAnswers({ ...answers, [q.field]: v });
    setStep(step + 1);
  };
  return (
    <Page title={q.text}>
      <p className="progress" aria-live="polite">
        Vraag {step + 1} van {qs.length}
      </p>
      {q.help && <p id="help">{q.help}</p>}
      <div
        role="radiogroup"
        aria-label={q.text}
        aria-describedby={q.help ? 'help' : undefined}
        className={q.options.length > 5 ? 'grid' : 'list'}
      >
        {q.options.map((o) => (
          <button
            key={String(o.value)}
            role="radio"
            aria-checked={answers[q.field] === o.value}
            className={`option${answers[q.field] === o.value ? ' chosen' : ''}`}
            onClick={() => choose(o.value)}
          >
            {o.label}
          </button>
        ))}
      </div>
      <div className="nav">
        <button className="secondary" onClick={() => setStep(step - 1)}>
          Terug
        </button>
        <button
          className="secondary"
          onClick={() => {
            const a = { ...answers };
            delete a[q.field];
            setAnswers(a);
            setStep(step + 1);
          }}
        >
          Overslaan
        </button>
      </div>
    </Page>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
