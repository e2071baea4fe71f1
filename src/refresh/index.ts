/** Background refresh of observations, free of VS Code: watermark, request budget, scheduler. */
export * from './clock';
export * from './incrementalRefresh';
export * from './observationStore';
export * from './requestBudget';
export * from './scheduler';
