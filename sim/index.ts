/** The region simulator's public API. */
export { startRegionSimulator, simulatorDefaults } from './region-simulator.js';
export { noSimulatorFaults } from './simulator-faults.js';
export { countInputTokens, generateDeterministicText } from './deterministic-text.js';
export { simulatorCommand } from './simulator-command.js';
export type {
  RunningSimulator,
  SimulatorFaults,
  SimulatorFaultsPatch,
  SimulatorOptions,
  SimulatorOutageMode,
  SimulatorStats,
  SimulatorStreamErrorKind,
  SimulatorStreamFailure,
  SimulatorThrottleReason,
  SimulatorTlsOptions,
} from './simulator-types.js';
export type { SimOperationName, SimProtocol } from './sim-protocol.js';
