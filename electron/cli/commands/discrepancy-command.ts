import type { Command } from 'commander';

export function registerDiscrepancy(program: Command): void {
  void program;
}
