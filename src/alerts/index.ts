/** Budgets and alert rules: windows, evaluation, firing and history, free of VS Code. */
export * from './configValues';
export * from './evaluator';
export * from './firing';
export * from './history';
export * from './messages';
export * from './parseConfig';
export * from './result';
export * from './robustStatistics';
export * from './ruleNames';
export * from './scope';
export * from './types';
export * from './windows';
