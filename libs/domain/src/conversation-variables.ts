/**
 * Conversation variables (Dify's chatflow "conversation variables"): declared on the agent with a type and a default;
 * each conversation holds its own value of each, its default until the conversation sets one.
 */

/** The types Dify gives conversation variables (its file and secret types aside: Forkline has neither). */
export const VARIABLE_VALUE_TYPES = [
  'string',
  'number',
  'boolean',
  'object',
  'array[any]',
  'array[string]',
  'array[number]',
  'array[boolean]',
  'array[object]',
] as const;
export type VariableValueType = (typeof VARIABLE_VALUE_TYPES)[number];

export interface ConversationVariableDeclaration {
  /** A uuid, as Dify's variable ids are (the update route names it). */
  id: string;
  /** Letters, digits and underscores, not starting with a digit; unique in the agent. */
  name: string;
  valueType: VariableValueType;
  /** The default: every conversation's value until it sets its own. */
  value: unknown;
  description: string;
}

export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A JSON value's type in Dify's words ("expected string, got integer"). */
export function jsonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const ITEM_CHECKS: Record<string, (v: unknown) => boolean> = {
  any: () => true,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  object: isObject,
};

/** Whether `value` is a value of the type; the mismatch in Dify's words when it is not. */
export function valueTypeMismatch(valueType: VariableValueType, value: unknown): string | null {
  const array = /^array\[(\w+)\]$/.exec(valueType);
  const fits = array ? Array.isArray(value) && value.every(ITEM_CHECKS[array[1]]) : ITEM_CHECKS[valueType](value);
  if (fits) return null;
  const got = Array.isArray(value) && array ? `array with an item that is not ${array[1]}` : jsonTypeName(value);
  return `expected ${valueType}, got ${got}`;
}

/** What a declared variable of the type holds when its declaration gives no default. */
export function zeroValue(valueType: VariableValueType): unknown {
  if (valueType.startsWith('array')) return [];
  return { string: '', number: 0, boolean: false, object: {} }[valueType as 'string'];
}

/** The first thing wrong with a list of declarations (`item 2: name ...`), or null. */
export function checkConversationVariables(variables: ConversationVariableDeclaration[], maxCount: number): string | null {
  if (!Array.isArray(variables)) return 'must be an array';
  if (variables.length > maxCount) return `must have at most ${maxCount} variables`;
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const [i, v] of variables.entries()) {
    const problem = declarationProblem(v, ids, names);
    if (problem) return `item ${i}: ${problem}`;
  }
  return null;
}

function declarationProblem(v: ConversationVariableDeclaration, ids: Set<string>, names: Set<string>): string | null {
  if (typeof v.id !== 'string' || !UUID.test(v.id)) return 'id must be a lowercase uuid';
  if (ids.has(v.id)) return `id '${v.id}' is declared twice`;
  if (typeof v.name !== 'string' || !VARIABLE_NAME_PATTERN.test(v.name)) {
    return 'name must be 1-64 letters, digits or underscores, not starting with a digit';
  }
  if (names.has(v.name)) return `name '${v.name}' is declared twice`;
  if (!VARIABLE_VALUE_TYPES.includes(v.valueType)) return `value_type must be one of ${VARIABLE_VALUE_TYPES.join(', ')}`;
  if (typeof v.description !== 'string' || v.description.length > 2000) return 'description must be a string of at most 2000 characters';
  const mismatch = valueTypeMismatch(v.valueType, v.value);
  if (mismatch) return `value (the default) must fit value_type: ${mismatch}`;
  ids.add(v.id);
  names.add(v.name);
  return null;
}
