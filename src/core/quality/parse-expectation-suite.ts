import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { PhonesetError } from '../errors.js';
import {
  CHECKABLE_COLUMNS,
  EXPECTATION_TYPES,
  type Expectation,
  type ExpectationSuite,
  type ExpectationType,
  FILTER_COLUMNS,
  type FilterColumn,
  type Severity,
  type SuiteError,
} from './expectation-suite.js';
import { DEFAULT_QUALITY_CONFIG, type QualityConfig } from './quality-config.js';
import { DIMENSIONS, type Dimension, type QualityLevel } from './quality-types.js';
import { suggestClosest } from './suggest-closest.js';

/** Either the suite or every problem found in the file. */
export type ParseSuiteResult = { ok: true; suite: ExpectationSuite } | { ok: false; errors: SuiteError[] };

const COMMON_KEYS = ['name', 'type', 'severity', 'levels', 'where', 'allow_empty', 'description'] as const;
const TYPE_KEYS: Record<ExpectationType, { required: string[]; optional: string[] }> = {
  values_match_regex: { required: ['column', 'regex'], optional: ['mostly'] },
  values_not_null: { required: ['column'], optional: ['mostly'] },
  values_in_set: { required: ['column', 'values'], optional: ['mostly'] },
  compound_unique: { required: ['columns'], optional: ['mostly'] },
  max_within_hours: { required: ['column', 'hours'], optional: [] },
  metric_at_least: { required: ['metric', 'threshold'], optional: [] },
  phones_per_customer_at_most: { required: ['max'], optional: ['mostly'] },
};
const ALL_TYPE_KEYS = [...new Set(Object.values(TYPE_KEYS).flatMap((k) => [...k.required, ...k.optional]))];
const LEVELS: readonly QualityLevel[] = ['batch', 'registry'];
const SEVERITIES: readonly Severity[] = ['warn', 'error'];
const NAME = /^[a-z][a-z0-9_]*$/;

type Located = { range?: readonly [number, number, number] | null } | null | undefined;

/**
 * Parses and validates an expectation suite (YAML). Every problem is reported with its file,
 * line and reason: unknown keys (with the closest known key), unknown expectation types,
 * thresholds that are not numbers or out of range, regexes that do not compile. The schema
 * is checked by hand, node by node, because the messages need the YAML node's own line and
 * a "did you mean"; a schema library would report JSON paths that must be mapped back anyway.
 *
 * @example
 * const parsed = parseExpectationSuite(readFileSync('config/expectations.yaml', 'utf8'), 'config/expectations.yaml');
 * if (!parsed.ok) for (const e of parsed.errors) console.error(e.message);
 */
export function parseExpectationSuite(text: string, file: string): ParseSuiteResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors: SuiteError[] = [];
  const report = (at: Located | number, reason: string, hint?: string) => {
    const offset = typeof at === 'number' ? at : (at?.range?.[0] ?? 0);
    const { line, col } = lineCounter.linePos(offset);
    const l = Math.max(line, 1);
    errors.push({
      file,
      line: l,
      column: col,
      message: `${reason} at ${file}:${l}${hint ? `, ${hint}` : ''}`,
    });
  };
  for (const e of doc.errors) {
    report(e.pos[0], `YAML syntax error: ${e.message.split('\n')[0]}`);
  }
  if (errors.length > 0) return { ok: false, errors };

  const read = new NodeReader(report);
  const root = doc.contents;
  if (!isMap(root)) {
    report(root as Located, 'the suite must be a mapping with an `expectations:` list');
    return { ok: false, errors };
  }
  const top = read.keys(root, ['version', 'settings', 'expectations'], 'suite');
  const version = top.get('version');
  if (version && read.number(version, 'version', { min: 1, max: 1, integer: true }) === undefined) {
    // reported by read.number
  }
  const config = structuredClone(DEFAULT_QUALITY_CONFIG);
  const settings = top.get('settings');
  let explicitThresholds = false;
  if (settings) explicitThresholds = readSettings(read, settings, config);

  const expectations: Expectation[] = [];
  const list = top.get('expectations');
  if (!list) report(root, 'the suite has no `expectations:` list');
  else if (!isSeq(list)) report(list, '`expectations` must be a list');
  else {
    const names = new Map<string, number>();
    for (const item of list.items) {
      const parsed = readExpectation(read, item as Node, lineCounter);
      if (!parsed) continue;
      const first = names.get(parsed.name);
      if (first !== undefined) {
        report(item as Located, `duplicate expectation name '${parsed.name}' (first at line ${first})`);
        continue;
      }
      names.set(parsed.name, parsed.line);
      expectations.push(parsed);
    }
  }
  if (!explicitThresholds) {
    for (const e of expectations) {
      if (e.type === 'metric_at_least' && Object.keys(e.where).length === 0) {
        config.grading.thresholds[e.metric] = e.threshold;
      }
    }
  }
  if (errors.length > 0)
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
  return { ok: true, suite: { file, expectations, config } };
}

/**
 * The throwing form of `parseExpectationSuite`: a bad suite throws `QUALITY_SUITE_INVALID`
 * listing every problem.
 *
 * @example
 * const suite = parseExpectationSuiteOrThrow(text, 'config/expectations.yaml');
 */
export function parseExpectationSuiteOrThrow(text: string, file: string): ExpectationSuite {
  const parsed = parseExpectationSuite(text, file);
  if (parsed.ok) return parsed.suite;
  throw new PhonesetError('QUALITY_SUITE_INVALID', {
    file,
    detail: [`${parsed.errors.length} problem(s)`, ...parsed.errors.map((e) => `  ${e.message}`)].join('\n'),
  });
}

function readSettings(read: NodeReader, node: Node, config: QualityConfig): boolean {
  if (!read.isMapping(node, '`settings`')) return false;
  const keys = read.keys(node, ['sla_hours', 'max_phones_per_customer', 'grading', 'gate'], 'settings');
  const sla = keys.get('sla_hours');
  if (sla && read.isMapping(sla, '`sla_hours`')) {
    const s = read.keys(sla, ['batch', 'registry'], 'sla_hours');
    const batch = s.get('batch');
    const registry = s.get('registry');
    if (batch)
      config.sla.batchHours = read.number(batch, 'sla_hours.batch', { min: 0, minExclusive: true }) ?? 0;
    if (registry)
      config.sla.registryHours =
        read.number(registry, 'sla_hours.registry', { min: 0, minExclusive: true }) ?? 0;
  }
  const max = keys.get('max_phones_per_customer');
  if (max)
    config.maxPhonesPerCustomer = read.number(max, 'max_phones_per_customer', { min: 1, integer: true }) ?? 0;
  let explicitThresholds = false;
  const grading = keys.get('grading');
  if (grading && read.isMapping(grading, '`grading`')) {
    const g = read.keys(grading, ['weights', 'bands', 'thresholds'], 'grading');
    const weights = g.get('weights');
    if (weights) read.dimensionNumbers(weights, 'grading.weights', config.grading.weights, { min: 0 });
    const thresholds = g.get('thresholds');
    if (thresholds) {
      explicitThresholds = true;
      read.dimensionNumbers(thresholds, 'grading.thresholds', config.grading.thresholds, RATIO);
    }
    const bands = g.get('bands');
    if (bands && read.isMapping(bands, '`grading.bands`')) {
      const b = read.keys(bands, ['A', 'B', 'C', 'D'], 'grading.bands');
      for (const letter of ['A', 'B', 'C', 'D'] as const) {
        const v = b.get(letter);
        if (v) config.grading.bands[letter] = read.number(v, `grading.bands.${letter}`, RATIO) ?? 0;
      }
      const { A, B, C, D } = config.grading.bands;
      if (!(A >= B && B >= C && C >= D)) read.report(bands, 'grading bands must not increase from A to D');
    }
  }
  const gate = keys.get('gate');
  if (gate && read.isMapping(gate, '`gate`')) {
    const g = read.keys(gate, ['history_runs', 'baseline', 'max_drop', 'min_runs', 'dimensions'], 'gate');
    const runs = g.get('history_runs');
    if (runs)
      config.gate.historyRuns = read.number(runs, 'gate.history_runs', { min: 1, integer: true }) ?? 0;
    const minRuns = g.get('min_runs');
    if (minRuns) config.gate.minRuns = read.number(minRuns, 'gate.min_runs', { min: 1, integer: true }) ?? 0;
    const baseline = g.get('baseline');
    if (baseline)
      config.gate.baseline = read.oneOf(baseline, 'gate.baseline', ['median', 'mean']) ?? 'median';
    const drop = g.get('max_drop');
    if (drop) config.gate.maxDrop = read.number(drop, 'gate.max_drop', RATIO) ?? 0;
    const dims = g.get('dimensions');
    if (dims) config.gate.dimensions = read.list(dims, 'gate.dimensions', DIMENSIONS) as Dimension[];
  }
  return explicitThresholds;
}

function readExpectation(read: NodeReader, node: Node, lineCounter: LineCounter): Expectation | null {
  if (!read.isMapping(node, 'an expectation')) return null;
  const typeNode = node.get('type', true) as Node | undefined;
  if (!typeNode) {
    read.report(node, 'expectation has no `type`', `use one of ${EXPECTATION_TYPES.join(', ')}`);
    return null;
  }
  const typeName = read.string(typeNode, 'type');
  if (typeName === undefined) return null;
  if (!(EXPECTATION_TYPES as readonly string[]).includes(typeName)) {
    const close = suggestClosest(typeName, EXPECTATION_TYPES);
    read.report(
      typeNode,
      `unknown expectation type '${typeName}'`,
      close ? `did you mean '${close}'?` : `use one of ${EXPECTATION_TYPES.join(', ')}`,
    );
    read.keys(node, [...COMMON_KEYS, ...ALL_TYPE_KEYS], 'expectation');
    return null;
  }
  const type = typeName as ExpectationType;
  const spec = TYPE_KEYS[type];
  const keys = read.keys(
    node,
    [...COMMON_KEYS, ...spec.required, ...spec.optional],
    `${type} expectation`,
    ALL_TYPE_KEYS,
  );
  const line = lineCounter.linePos(node.range?.[0] ?? 0).line;
  let ok = true;
  for (const key of spec.required) {
    if (!keys.has(key)) {
      read.report(node, `${type} expectation needs '${key}'`);
      ok = false;
    }
  }
  const get = (key: string) => keys.get(key);
  const nameNode = get('name');
  const severityNode = get('severity');
  const levelsNode = get('levels');
  const whereNode = get('where');
  const allowEmptyNode = get('allow_empty');
  const descriptionNode = get('description');
  const column = (key = 'column') => {
    const n = get(key);
    return n ? read.column(n, key) : undefined;
  };
  const mostly = () => {
    const n = get('mostly');
    return n ? read.number(n, 'mostly', RATIO) : 1;
  };
  let specific: Record<string, unknown> | undefined;
  switch (type) {
    case 'values_match_regex': {
      const regexNode = get('regex');
      const regex = regexNode ? read.regex(regexNode) : undefined;
      specific = { column: column(), regex, mostly: mostly() };
      break;
    }
    case 'values_not_null':
      specific = { column: column(), mostly: mostly() };
      break;
    case 'values_in_set': {
      const valuesNode = get('values');
      specific = {
        column: column(),
        values: valuesNode ? read.list(valuesNode, 'values') : undefined,
        mostly: mostly(),
      };
      break;
    }
    case 'compound_unique': {
      const cols = get('columns');
      const list = cols ? read.list(cols, 'columns', CHECKABLE_COLUMNS) : undefined;
      if (list && list.length === 0) read.report(cols, 'columns must list at least one column');
      specific = { columns: list, mostly: mostly() };
      break;
    }
    case 'max_within_hours': {
      const hours = get('hours');
      specific = {
        column: column(),
        hours: hours ? read.number(hours, 'hours', { min: 0, minExclusive: true }) : undefined,
      };
      break;
    }
    case 'metric_at_least': {
      const metric = get('metric');
      const threshold = get('threshold');
      specific = {
        metric: metric ? read.oneOf(metric, 'metric', DIMENSIONS) : undefined,
        threshold: threshold ? read.number(threshold, 'threshold', RATIO) : undefined,
      };
      break;
    }
    case 'phones_per_customer_at_most': {
      const max = get('max');
      specific = {
        max: max ? read.number(max, 'max', { min: 1, integer: true }) : undefined,
        mostly: mostly(),
      };
      break;
    }
  }
  if (Object.values(specific).some((v) => v === undefined)) ok = false;
  const name = nameNode ? read.string(nameNode, 'name') : defaultName(type, specific);
  if (name !== undefined && !NAME.test(name)) {
    read.report(nameNode, `expectation name '${name}' must be snake_case (a-z, 0-9, _)`);
    ok = false;
  }
  const severity = severityNode ? read.oneOf(severityNode, 'severity', SEVERITIES) : 'error';
  const levels = levelsNode ? read.list(levelsNode, 'levels', LEVELS) : [...LEVELS];
  const where = whereNode ? read.where(whereNode) : {};
  const allowEmpty = allowEmptyNode ? read.boolean(allowEmptyNode, 'allow_empty') : false;
  const description = descriptionNode ? read.string(descriptionNode, 'description') : null;
  if (
    !ok ||
    name === undefined ||
    severity === undefined ||
    levels === undefined ||
    where === undefined ||
    allowEmpty === undefined ||
    description === undefined
  ) {
    return null;
  }
  return {
    name,
    type,
    severity,
    levels: levels as QualityLevel[],
    where,
    allow_empty: allowEmpty,
    description,
    line,
    ...specific,
  } as Expectation;
}

function defaultName(type: ExpectationType, specific: Record<string, unknown>): string {
  const subject = specific.column ?? specific.metric ?? (specific.columns as string[] | undefined)?.join('_');
  return subject ? `${type}_${String(subject)}` : type;
}

const RATIO = { min: 0, max: 1, ratio: true } as const;

interface NumberRule {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  integer?: boolean;
  ratio?: boolean;
}

/** Reads typed values from YAML nodes, reporting each problem at the node's own line. */
class NodeReader {
  constructor(readonly report: (at: Located, reason: string, hint?: string) => void) {}

  isMapping(node: Node | null | undefined, what: string): node is YAMLMap {
    if (isMap(node)) return true;
    this.report(node, `${what} must be a mapping (key: value lines)`);
    return false;
  }

  /** The map's entries by key; unknown keys are reported with the closest allowed one. */
  keys(
    map: YAMLMap,
    allowed: readonly string[],
    what: string,
    alsoSuggest: readonly string[] = [],
  ): Map<string, Node> {
    const out = new Map<string, Node>();
    for (const pair of map.items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : null;
      if (key === null) {
        this.report(keyNode, `${what} keys must be plain words`);
        continue;
      }
      if (!allowed.includes(key)) {
        const close = suggestClosest(key, allowed) ?? suggestClosest(key, alsoSuggest);
        const hint = close
          ? allowed.includes(close)
            ? `did you mean '${close}'?`
            : `'${close}' does not apply to a ${what}`
          : `${what} keys are ${allowed.join(', ')}`;
        this.report(keyNode, `unknown key '${key}'`, hint);
        continue;
      }
      out.set(key, (pair.value as Node | null) ?? (keyNode as Node));
    }
    return out;
  }

  number(node: Node, name: string, rule: NumberRule): number | undefined {
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.report(
        node,
        `${name} must be a number, got ${describe(node)}`,
        rule.ratio ? 'use a ratio such as 0.95' : undefined,
      );
      return undefined;
    }
    const tooLow = rule.min !== undefined && (rule.minExclusive ? value <= rule.min : value < rule.min);
    const tooHigh = rule.max !== undefined && value > rule.max;
    if (rule.ratio && (tooLow || tooHigh)) {
      this.report(
        node,
        `${name} ${value} is out of range: a ratio lies between 0 and 1`,
        value > 1 && value <= 100 ? `did you mean ${value / 100}?` : undefined,
      );
      return undefined;
    }
    if (tooLow || tooHigh) {
      const range =
        rule.max !== undefined
          ? `between ${rule.min} and ${rule.max}`
          : `${rule.minExclusive ? 'above' : 'at least'} ${rule.min}`;
      this.report(node, `${name} ${value} is out of range: it must be ${range}`);
      return undefined;
    }
    if (rule.integer && !Number.isInteger(value)) {
      this.report(node, `${name} must be a whole number, got ${value}`);
      return undefined;
    }
    return value;
  }

  string(node: Node, name: string): string | undefined {
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    this.report(node, `${name} must be text, got ${describe(node)}`);
    return undefined;
  }

  boolean(node: Node, name: string): boolean | undefined {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.report(node, `${name} must be true or false, got ${describe(node)}`);
    return undefined;
  }

  oneOf<T extends string>(node: Node, name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(node, name);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const close = suggestClosest(value, allowed);
    this.report(
      node,
      `${name} '${value}' is not one of ${allowed.join(', ')}`,
      close ? `did you mean '${close}'?` : undefined,
    );
    return undefined;
  }

  /** A list of strings (a single string counts as a list of one), each from `allowed` when given. */
  list(node: Node, name: string, allowed?: readonly string[]): string[] | undefined {
    const items = isSeq(node) ? (node.items as Node[]) : [node];
    const out: string[] = [];
    let ok = true;
    for (const item of items) {
      const value = allowed ? this.oneOf(item, name, allowed) : this.string(item, name);
      if (value === undefined) ok = false;
      else out.push(value);
    }
    return ok ? out : undefined;
  }

  column(node: Node, name: string): string | undefined {
    return this.oneOf(node, name, CHECKABLE_COLUMNS);
  }

  regex(node: Node): string | undefined {
    const value = this.string(node, 'regex');
    if (value === undefined) return undefined;
    try {
      new RegExp(value, 'u');
      return value;
    } catch (error) {
      this.report(node, `regex does not compile: ${(error as Error).message}`);
      return undefined;
    }
  }

  where(node: Node): Partial<Record<FilterColumn, string[]>> | undefined {
    if (!this.isMapping(node, '`where`')) return undefined;
    const keys = this.keys(node, FILTER_COLUMNS, 'where filter');
    const out: Partial<Record<FilterColumn, string[]>> = {};
    let ok = true;
    for (const [key, value] of keys) {
      const list = this.list(value, `where.${key}`);
      if (list === undefined) ok = false;
      else out[key as FilterColumn] = list;
    }
    return ok ? out : undefined;
  }

  dimensionNumbers(node: Node, name: string, into: Record<Dimension, number>, rule: NumberRule): void {
    if (!this.isMapping(node, `\`${name}\``)) return;
    for (const [key, value] of this.keys(node, DIMENSIONS, name)) {
      const n = this.number(value, `${name}.${key}`, rule);
      if (n !== undefined) into[key as Dimension] = n;
    }
  }
}

function describe(node: Node | null | undefined): string {
  if (isScalar(node)) {
    if (node.value === null) return 'nothing';
    return typeof node.value === 'string' ? `'${node.value}'` : String(node.value);
  }
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  return 'nothing';
}
