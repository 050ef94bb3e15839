// specs:trim's trimming: what an operation keeps, which components follow it, what is dropped;
// and the command: six files written from a list, or none when the list names an unknown one.
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { layeredJson, stripProse, trimSpec } from '../../scripts/lib/spec-trim';

const full = {
  openapi: '3.0.1',
  info: { title: 'Jira', version: '1', description: 'long prose' },
  tags: [{ name: 'Projects' }],
  paths: {
    '/rest/api/3/thing/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'getThing',
        summary: 'Get a thing',
        description: 'Prose.',
        tags: ['Things'],
        'x-experimental': true,
        'x-atlassian-oauth2-scopes': [{ scheme: 'OAuth2', scopes: ['read:a'], state: 'Current' }],
        security: [{ OAuth2: ['read:a'] }],
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Thing' }, example: '{}' },
            },
          },
          '404': { description: 'Not found' },
        },
      },
      delete: { operationId: 'deleteThing', responses: { '204': { description: 'Gone' } } },
    },
    '/rest/api/3/other': { get: { operationId: 'other', responses: {} } },
  },
  components: {
    schemas: {
      Thing: {
        description: 'A thing.',
        properties: {
          description: { type: 'string', description: 'The field is named description.' },
          owner: { $ref: '#/components/schemas/User' },
        },
        example: { description: 'x' },
      },
      User: { properties: { accountId: { type: 'string' } } },
      Unused: { type: 'object' },
    },
    securitySchemes: {
      OAuth2: {
        type: 'oauth2',
        flows: { authorizationCode: { scopes: { 'read:a': 'Read A.', 'write:b': 'Write B.' } } },
      },
    },
  },
};

test('keeps the wanted operations with parameters, scopes and flags, and nothing else', () => {
  const { doc, kept } = trimSpec(
    full,
    [{ method: 'GET', template: '/rest/api/3/thing/{id}' }],
    [],
    'the fixture',
  );
  expect(kept).toEqual([{ method: 'GET', template: '/rest/api/3/thing/{id}' }]);
  const paths = doc.paths as Record<string, any>;
  expect(Object.keys(paths)).toEqual(['/rest/api/3/thing/{id}']);
  expect(Object.keys(paths['/rest/api/3/thing/{id}'])).toEqual(['get']);
  expect(paths['/rest/api/3/thing/{id}'].get).toEqual({
    operationId: 'getThing',
    'x-experimental': true,
    'x-atlassian-oauth2-scopes': [{ scheme: 'OAuth2', scopes: ['read:a'], state: 'Current' }],
    security: [{ OAuth2: ['read:a'] }],
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    responses: {
      '200': {
        description: '',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
      },
      '404': { description: '' },
    },
  });
  expect(doc).not.toHaveProperty('tags');
  expect(doc.info).toEqual({ title: 'Jira', version: '1' });
});

test('components follow references transitively; property names survive stripping', () => {
  const { doc, components } = trimSpec(
    full,
    [{ method: 'GET', template: '/rest/api/3/thing/{id}' }],
    [],
    'the fixture',
  );
  const c = doc.components as Record<string, any>;
  expect(Object.keys(c.schemas)).toEqual(['Thing', 'User']);
  expect(components).toEqual(['#/components/schemas/Thing', '#/components/schemas/User']);
  expect(c.schemas.Thing).toEqual({
    properties: {
      description: { type: 'string' },
      owner: { $ref: '#/components/schemas/User' },
    },
  });
  // Only the scopes the kept operations name, without their prose.
  expect(c.securitySchemes.OAuth2.flows.authorizationCode.scopes).toEqual({ 'read:a': '' });
});

test('an operation or component the spec lacks is an error naming each one', () => {
  expect(() =>
    trimSpec(
      full,
      [
        { method: 'PUT', template: '/rest/api/3/thing/{id}' },
        { method: 'GET', template: '/rest/api/3/nope' },
      ],
      ['#/components/schemas/Missing'],
      'jira-platform.json',
    ),
  ).toThrow(
    'Not in jira-platform.json: PUT /rest/api/3/thing/{id}, GET /rest/api/3/nope, ' +
      '#/components/schemas/Missing.',
  );
});

test('extra components are kept even when no operation names them', () => {
  const { doc } = trimSpec(full, [], ['#/components/schemas/Unused'], 'x');
  expect((doc.components as any).schemas).toEqual({ Unused: { type: 'object' } });
});

test('stripProse leaves arrays and scalars as they are', () => {
  expect(stripProse([{ summary: 's', a: 1 }, 'description'])).toEqual([{ a: 1 }, 'description']);
});

test('layeredJson: one line per value below the third level, and it parses back', () => {
  const value = { a: { b: { c: { d: [1, 2] }, e: 'x' } }, f: {} };
  const text = layeredJson(value);
  expect(JSON.parse(text)).toEqual(value);
  expect(text.split('\n')).toEqual([
    '{',
    '  "a": {',
    '    "b": {',
    '      "c": {"d":[1,2]},',
    '      "e": "x"',
    '    }',
    '  },',
    '  "f": {}',
    '}',
  ]);
});

describe('npm run specs:trim', () => {
  let dir: string;
  const trim = () =>
    spawnSync(
      'npx',
      ['tsx', 'scripts/specs-trim.ts', '--from', dir, '--to', path.join(dir, 'out')].concat([
        '--list',
        path.join(dir, 'operations.json'),
      ]),
      { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' },
    );
  const list = (operations: string[]) =>
    fs.writeFileSync(path.join(dir, 'operations.json'), JSON.stringify({ operations }));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specs-trim-'));
    fs.writeFileSync(path.join(dir, 'jira-platform.json'), JSON.stringify(full));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes the six files lint reads, prints what it kept, sorts the list', () => {
    list([
      'GET /rest/api/3/thing/{id}',
      'DELETE /rest/api/3/thing/{id}',
      'GET /rest/api/3/thing/{id}',
    ]);
    const r = trim();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/jira-platform\.json: 2 operations, 2 components/);
    expect(r.stdout).toMatch(/GET \/rest\/api\/3\/thing\/\{id\}/);
    expect(r.stdout).toMatch(/jsm\.json: placeholder/);
    const out = fs.readdirSync(path.join(dir, 'out')).sort();
    expect(out).toEqual([
      'bb.json',
      'conf.json',
      'conf2.json',
      'jira-platform.json',
      'jsm.json',
      'jsw.json',
    ]);
    const jsm = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'jsm.json'), 'utf8'));
    expect(jsm.paths).toEqual({});
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'operations.json'), 'utf8'));
    expect(written.operations).toEqual([
      'DELETE /rest/api/3/thing/{id}',
      'GET /rest/api/3/thing/{id}',
    ]);
  });

  test('an operation the full spec lacks: exit 1, named, nothing written', () => {
    list(['GET /rest/api/3/thing/{id}', 'GET /rest/api/3/nope']);
    const r = trim();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/GET \/rest\/api\/3\/nope/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
