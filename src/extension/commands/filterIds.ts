/** The analytics filter commands, as declared in package.json. */
export const enum FilterCommandId {
  AddFilter = 'traceInsight.addFilter',
  ClearFilters = 'traceInsight.clearFilters',
  /** Removes one filter; the tree's filter items pass its text. */
  RemoveFilter = 'traceInsight.removeFilter',
}
