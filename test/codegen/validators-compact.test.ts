/** The rewrites of ajv's standalone code: each idiom, and data that looks like one left alone. */
import { describe, expect, it } from 'vitest';
import { compactValidator } from '../../codegen/validators/compact.js';
import { maskStrings } from '../../codegen/validators/masked.js';

const HAS_OWN = 'const func0 = Object.prototype.hasOwnProperty;\n';

describe('compactValidator', () => {
  const cases: [string, { given: string; want: string }][] = [
    [
      'an own property present',
      { given: 'if(data.a !== undefined && func0.call(data, "a")){', want: 'if(has(data, "a")){' },
    ],
    [
      'a required property missing, by a quoted name',
      {
        given: 'if((data0["a-b"] === undefined) || (!(func0.call(data0, "a-b")))){',
        want: 'if(!has(data0, "a-b")){',
      },
    ],
    [
      'an integer',
      {
        given: 'if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){',
        want: 'if(!Number.isInteger(data1)){',
      },
    ],
    [
      'a finite number',
      { given: 'if((typeof data2 == "number") && (isFinite(data2))){', want: 'if(Number.isFinite(data2)){' },
    ],
    [
      'an object',
      {
        given: 'if((!(data && typeof data == "object" && !Array.isArray(data))) && (data !== null)){',
        want: 'if((!isObject(data)) && (data !== null)){',
      },
    ],
    [
      'arguments nothing reads',
      {
        given:
          'function validate1(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){\nif(!(validate2(data.a, {instancePath:instancePath+"/a",parentData:data,parentDataProperty:"a",rootData}))){',
        want: 'function validate1(data, {instancePath: path = ""} = {}){\nif(!(validate2(data.a, {instancePath:path+"/a"}))){',
      },
    ],
    [
      'arguments passed on as they came (a call from allOf)',
      {
        given:
          'function validate3(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){\nif(!(validate0(data, {instancePath,parentData,parentDataProperty,rootData}))){',
        want: 'function validate3(data, {instancePath: path = ""} = {}){\nif(!(validate0(data, {instancePath: path}))){',
      },
    ],
    [
      'properties named like its variables, left as properties',
      {
        given:
          'function validate0(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){\nif(typeof data.instancePath !== "string"){\nconst err0 = {instancePath:instancePath+"/instancePath",schemaPath:"#/p",keyword:"type",params:{type: "string"}};\nif(vErrors === null){\nvErrors = [err0];\n}\nelse {\nvErrors.push(err0);\n}\nerrors++;\n}',
        want: 'function validate0(data, {instancePath: path = ""} = {}){\nif(typeof data.instancePath !== "string"){\nfail(path+"/instancePath", "type", "string");\n}',
      },
    ],
    [
      'a name that reads like code, left as a name',
      {
        given:
          'if(typeof data["(data.a !== undefined && func0.call(data, \\"a\\")) schema0.type"] !== "string"){',
        want: 'if(typeof data["(data.a !== undefined && func0.call(data, \\"a\\")) schema0.type"] !== "string"){',
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(compactValidator(`${HAS_OWN}${given}`)).toBe(`${HAS_OWN}${want}`);
  });

  it("turns ajv's error block into fail(path, keyword, value), reading schema constants it needs", () => {
    const given = [
      'const schema0 = {"properties":{"a":{"type":["string","null"]},"b":{"enum":["x"]}}};',
      'function validate0(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){',
      'let vErrors = null;',
      'let errors = 0;',
      'for(const key0 of Object.keys(data)){',
      'if(!(func0.call(schema0.properties, key0))){',
      'const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0}};',
      'if(vErrors === null){\nvErrors = [err0];\n}\nelse {\nvErrors.push(err0);\n}\nerrors++;',
      '}',
      '}',
      'const err1 = {instancePath:instancePath+"/a",schemaPath:"#/properties/a/type",keyword:"type",params:{type: schema0.properties.a.type}};',
      'if(vErrors === null){\nvErrors = [err1];\n}\nelse {\nvErrors.push(err1);\n}\nerrors++;',
      'const err2 = {instancePath:instancePath+"/b",schemaPath:"#/properties/b/enum",keyword:"enum",params:{allowedValues: schema0.properties.b.enum}};',
      'if(vErrors === null){\nvErrors = [err2];\n}\nelse {\nvErrors.push(err2);\n}\nerrors++;',
      '}',
    ].join('\n');
    expect(compactValidator(`${HAS_OWN}${given}`)).toBe(
      [
        'const func0 = Object.prototype.hasOwnProperty;',
        'const schema0 = {"properties":{"a":{"type":["string","null"]},"b":{"enum":["x"]}}};',
        'const props0 = new Set(["a","b"]);',
        'function validate0(data, {instancePath: path = ""} = {}){',
        'let vErrors = null;',
        'let errors = 0;',
        'const fail = (path, keyword, params) => { errors = (vErrors = pushError(vErrors, path, keyword, params)).length; };',
        'for(const key0 of Object.keys(data)){',
        'if(!props0.has(key0)){',
        'fail(path, "additionalProperties", key0);',
        '}',
        '}',
        'fail(path+"/a", "type", ["string","null"]);',
        'fail(path+"/b", "enum");',
        '}',
      ].join('\n'),
    );
  });
});

describe('maskStrings', () => {
  it('masks literals but words, and gives each back', () => {
    const code = 'if(typeof data == "object" && data["a\\"b"] === "x-y"){';
    const masked = maskStrings(code);
    expect(masked.code).toBe('if(typeof data == "object" && data[\u00000\u0000] === \u00001\u0000){');
    expect(masked.unmask(masked.code)).toBe(code);
  });
});
