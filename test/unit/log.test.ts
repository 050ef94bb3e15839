import { UserFacingError } from '../../src/domain/errors';
import { JiraError } from '../../src/jira/errors';
import {
  errorFields,
  log,
  logError,
  type LogLevel,
  scrub,
  setLogSink,
  withLogContext,
} from '../../src/log';

let lines: { level: LogLevel; text: string }[] = [];
const parsed = () => lines.map((l) => JSON.parse(l.text) as Record<string, unknown>);

beforeEach(() => {
  lines = [];
  setLogSink((level, text) => lines.push({ level, text }), 'info');
});
afterAll(() => setLogSink(() => undefined));

/** A promise the test resolves when it chooses: interleavings without sleeps. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('log', () => {
  it('writes one JSON line per call with level, event and fields', () => {
    log.info('run.finished', { runId: 'r1', adds: 3, dryRun: false });
    expect(lines).toHaveLength(1);
    expect(lines[0].level).toBe('info');
    expect(JSON.parse(lines[0].text)).toEqual({
      level: 'info',
      event: 'run.finished',
      runId: 'r1',
      adds: 3,
      dryRun: false,
    });
  });

  it('drops lines below the chosen level and keeps the others', () => {
    setLogSink((level, text) => lines.push({ level, text }), 'warn');
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(parsed().map((l) => [l.level, l.event])).toEqual([
      ['warn', 'c'],
      ['error', 'd'],
    ]);
    setLogSink((level, text) => lines.push({ level, text }), 'debug');
    log.debug('e');
    expect(parsed().at(-1)).toMatchObject({ level: 'debug', event: 'e' });
  });

  it('leaves out undefined and null fields, and a field cannot replace level or event', () => {
    log.warn('x', { projectKey: undefined, groupId: null, level: 'debug', event: 'y', n: 0 });
    expect(parsed()[0]).toEqual({ level: 'warn', event: 'x', n: 0 });
  });

  it('adds the context to every line, across awaits, nested, and only inside it', async () => {
    await withLogContext({ invocation: 'enforce-batch' }, async () => {
      log.info('one');
      await Promise.resolve();
      await new Promise<void>((r) => setImmediate(r));
      await withLogContext({ runId: 'r1' }, async () => {
        await Promise.resolve();
        log.info('two', { projectKey: 'ITHELP' });
      });
      log.info('three');
    });
    log.info('four');
    expect(parsed()).toEqual([
      { level: 'info', event: 'one', invocation: 'enforce-batch' },
      {
        level: 'info',
        event: 'two',
        invocation: 'enforce-batch',
        runId: 'r1',
        projectKey: 'ITHELP',
      },
      { level: 'info', event: 'three', invocation: 'enforce-batch' },
      { level: 'info', event: 'four' },
    ]);
  });

  it('keeps two interleaved invocations apart', async () => {
    const a = gate();
    const b = gate();
    const first = withLogContext({ invocation: 'a', runId: 'ra' }, async () => {
      await a.opened;
      log.info('from-a');
    });
    const second = withLogContext({ invocation: 'b', runId: 'rb' }, async () => {
      await b.opened;
      log.info('from-b');
      a.open();
    });
    b.open();
    await Promise.all([first, second]);
    expect(parsed()).toEqual([
      { level: 'info', event: 'from-b', invocation: 'b', runId: 'rb' },
      { level: 'info', event: 'from-a', invocation: 'a', runId: 'ra' },
    ]);
  });
});

describe('scrub', () => {
  it('removes an email address', () => {
    expect(scrub('no user alice.smith+jsm@contoso.example.com here')).toBe('no user <email> here');
  });

  it('removes Basic and Bearer credentials and JWTs', () => {
    const basic = 'Authorization: Basic YWRtaW5AZXhhbXBsZS5jb206c2VjcmV0';
    const bearer = 'bearer abc.DEF-123_xyz';
    const jwt = 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(scrub(basic)).toBe('Authorization: Basic <redacted>');
    expect(scrub(bearer)).toBe('bearer <redacted>');
    expect(scrub(jwt)).toBe('token <redacted>');
    expect(scrub('https://x/?api_key=s3cret&a=1')).toBe('https://x/?api_key=<redacted>&a=1');
  });

  it('removes a quoted display name, in straight or curly quotes', () => {
    expect(scrub("Group 'Contoso Customers' is already a member of the project role.")).toBe(
      'Group <name> is already a member of the project role.',
    );
    expect(scrub('user "Alice Smith" and \u201cBob Jones\u201d')).toBe('user <name> and <name>');
  });

  it("keeps apostrophes inside words: the app's text stays readable", () => {
    const text = "Check the app's scopes; it's not installed.";
    expect(scrub(text)).toBe(text);
  });

  it('caps the length', () => {
    expect(scrub('x'.repeat(2000))).toHaveLength(500);
  });
});

describe('fields are never printed raw', () => {
  it('scrubs every string field and context value', () => {
    withLogContext({ projectKey: 'bob@fabrikam.example' }, () =>
      log.error('resolver.failed', {
        error: "Could not find 'Alice Smith' (alice@contoso.example); sent Bearer t0k3n",
      }),
    );
    const text = lines[0].text;
    for (const secret of ['Alice Smith', 'alice@contoso.example', 't0k3n', 'bob@fabrikam'])
      expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({
      projectKey: '<email>',
      error: 'Could not find <name> (<email>); sent Bearer <redacted>',
    });
  });
});

describe('errorFields', () => {
  it('keeps a JiraError to its status, without the message (the client logged the call)', () => {
    const err = new JiraError("find groups matching 'Contoso'", 503, ['down'], 'hint');
    expect(errorFields(err)).toEqual({ errorName: 'JiraError', status: 503 });
  });

  it('keeps a UserFacingError to its code', () => {
    const err = new UserFacingError("Rule 'Contoso customers' was not found.", 'not-found');
    expect(errorFields(err)).toEqual({ errorName: 'UserFacingError', code: 'not-found' });
  });

  it('logs a storage failure as store.failed with its code, status and operation', () => {
    const err = Object.assign(new Error('Internal error'), {
      name: 'ForgeKvsAPIError',
      code: 'INTERNAL_SERVER_ERROR',
      responseDetails: { status: 500, httpPath: '/api/v1/set' },
    });
    logError('invocation.failed', err, { op: 'x' });
    expect(parsed()[0]).toEqual({
      level: 'error',
      event: 'store.failed',
      op: 'x',
      errorName: 'ForgeKvsAPIError',
      code: 'INTERNAL_SERVER_ERROR',
      status: 500,
      storeOp: 'set',
      error: 'Internal error',
    });
  });

  it('keeps other errors with their scrubbed message', () => {
    logError('invocation.failed', new TypeError("Cannot read 'x' of undefined"));
    expect(parsed()[0]).toEqual({
      level: 'error',
      event: 'invocation.failed',
      errorName: 'TypeError',
      error: 'Cannot read <name> of undefined',
    });
  });
});
