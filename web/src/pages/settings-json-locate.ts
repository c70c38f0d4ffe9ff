/**
 * Where a JSON text first goes wrong, and how. JSON.parse only sometimes says (V8 gives a position
 * for "Expected ',' …" but not for "Unexpected token 'x'", and other engines word it otherwise), so
 * when it refuses a text this small scanner walks it to find the offset. Run only on failure: it
 * is the slow path, and the texts are schemas of a few KB.
 */
export interface JsonFault {
  offset: number;
  message: string;
}

class Fault extends Error {
  readonly offset: number;
  constructor(offset: number, message: string) {
    super(message);
    this.offset = offset;
  }
}

const literals = ['true', 'false', 'null'];
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function locateJsonFault(text: string): JsonFault | null {
  let at = 0;
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const describe = () =>
    at >= text.length ? 'the text ends too early' : `unexpected ${JSON.stringify(text[at])}`;

  const string = () => {
    at++; // the opening quote
    for (;;) {
      if (at >= text.length) throw new Fault(at, 'a string is not closed (a missing ")');
      const char = text[at]!;
      if (char === '"') {
        at++;
        return;
      }
      if (char < ' ') throw new Fault(at, 'a line break or control character inside a string (write \\n)');
      if (char === '\\') {
        const escaped = text[at + 1] ?? '';
        if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
        else if (escaped && '"\\/bfnrt'.includes(escaped)) at += 2;
        else throw new Fault(at, `the escape \\${escaped} is not valid JSON`);
        continue;
      }
      at++;
    }
  };

  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') {
      object();
      return;
    }
    if (char === '[') {
      array();
      return;
    }
    if (char === '"') {
      string();
      return;
    }
    numberPattern.lastIndex = at;
    const number = numberPattern.exec(text);
    if (number) {
      at += number[0].length;
      return;
    }
    const literal = literals.find((word) => text.startsWith(word, at));
    if (literal) {
      at += literal.length;
      return;
    }
    if (char === "'") throw new Fault(at, 'strings take double quotes (") in JSON');
    throw new Fault(at, `expected a value: ${describe()}`);
  };

  const object = () => {
    at++;
    space();
    if (text[at] === '}') {
      at++;
      return;
    }
    for (;;) {
      space();
      if (text[at] !== '"') {
        throw new Fault(
          at,
          text[at] === '}'
            ? 'a comma before } (trailing commas are not JSON)'
            : `expected a "property name": ${describe()}`,
        );
      }
      string();
      space();
      if (text[at] !== ':') throw new Fault(at, `expected ':' after the property name: ${describe()}`);
      at++;
      value();
      space();
      if (text[at] === ',') at++;
      else if (text[at] === '}') {
        at++;
        return;
      } else throw new Fault(at, `expected ',' or '}': ${describe()}`);
    }
  };

  const array = () => {
    at++;
    space();
    if (text[at] === ']') {
      at++;
      return;
    }
    for (;;) {
      space();
      if (text[at] === ']') throw new Fault(at, 'a comma before ] (trailing commas are not JSON)');
      value();
      space();
      if (text[at] === ',') at++;
      else if (text[at] === ']') {
        at++;
        return;
      } else throw new Fault(at, `expected ',' or ']': ${describe()}`);
    }
  };

  try {
    value();
    space();
    if (at < text.length) throw new Fault(at, `more text after the JSON ends: ${describe()}`);
    return null;
  } catch (error) {
    if (error instanceof Fault) return { offset: error.offset, message: error.message };
    // Thousands of nested brackets overflow the scanner's stack before JSON.parse's.
    if (error instanceof RangeError) return { offset: at, message: 'nests too deeply' };
    throw error;
  }
}
