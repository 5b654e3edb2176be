/** The page's one way to make elements: text is always set as text, never parsed as HTML. */
export type Child = Node | string | null | undefined | false

export const h = (tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement => {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c)
  return el
}

/** Children without the nulls of conditional parts. */
export const kids = (...children: Child[]): Array<Node | string> =>
  children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false)
