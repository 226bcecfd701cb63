import { AttributeType, type AttributeProto } from './types.js';

/** A node attribute value, tagged with its ONNX type (a JS number alone cannot say float or int). */
export type AttrValue =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'floats'; value: number[] }
  | { kind: 'ints'; value: number[] }
  | { kind: 'strings'; value: string[] };

/** Attribute constructors: `attr.int(1)`, `attr.float(0.2)`, `attr.ints([0, 2, 1])`, … */
export const attr = {
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
  floats: (value: number[]): AttrValue => ({ kind: 'floats', value }),
  ints: (value: number[]): AttrValue => ({ kind: 'ints', value }),
  strings: (value: string[]): AttrValue => ({ kind: 'strings', value }),
};

const utf8 = new TextEncoder();

/** The AttributeProto for one named value. */
export function toAttributeProto(name: string, v: AttrValue): AttributeProto {
  switch (v.kind) {
    case 'float':
      return { name, type: AttributeType.FLOAT, f: v.value };
    case 'int':
      return { name, type: AttributeType.INT, i: v.value };
    case 'string':
      return { name, type: AttributeType.STRING, s: utf8.encode(v.value) };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: v.value };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: v.value };
    case 'strings':
      return { name, type: AttributeType.STRINGS, strings: v.value.map((s) => utf8.encode(s)) };
  }
}
