// Kubernetes' $(VAR) references in env values, command and args: `$(NAME)` becomes the variable's
// value when it is defined and stays as written otherwise; `$$` is a literal `$`.

export function expandVars(text: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 1;
      continue;
    }
    if (next === '(') {
      const close = text.indexOf(')', i + 2);
      if (close > i + 2) {
        const name = text.slice(i + 2, close);
        const value = lookup(name);
        out += value ?? `$(${name})`;
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}
