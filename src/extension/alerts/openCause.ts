import type { AlertCause } from '../../alerts';
import type { AnalyticsViewStore } from '../panels/analyticsView';
import type { ExtensionServices } from '../services';
import { causeView } from './causeView';

/**
 * Opens the dashboard on an alert's cause: its scope as the only filters and the shortest
 * preset range that contains the alerting window's start. The filters replace the ones set.
 */
export async function openCause(
  services: ExtensionServices,
  analyticsView: AnalyticsViewStore,
  cause: AlertCause,
): Promise<void> {
  const config = services.getConfig();
  const view = causeView(cause, Date.now(), config.timeZone);
  services
    .logger('alerts')
    .info(
      `opening the dashboard on ${view.preset} with filters: ${view.filters.join('; ') || 'none'}`,
    );
  services.dashboard.show();
  await analyticsView.update({ filters: view.filters });
  if (services.analytics.preset !== view.preset) {
    await services.analytics.setPreset(view.preset);
  }
}
