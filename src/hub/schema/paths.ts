// Field paths rendered the way apimachinery's field.Path prints them, so error text and
// `causes[].field` match a real API server: `spec.items[0].name`, map keys as `labels[app]`.

export function childPath(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}

export function indexPath(base: string, i: number): string {
  return `${base}[${i}]`;
}

export function keyPath(base: string, key: string): string {
  return `${base}[${key}]`;
}
