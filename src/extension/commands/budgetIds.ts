/** The budget and alert commands, as declared in package.json. */
export const enum BudgetCommandId {
  AddBudget = 'traceInsight.addBudget',
  /** Takes a rule id or a Budgets tree item; without one it asks which budget. */
  EditBudget = 'traceInsight.editBudget',
  RemoveBudget = 'traceInsight.removeBudget',
  ShowAlertHistory = 'traceInsight.showAlertHistory',
}
