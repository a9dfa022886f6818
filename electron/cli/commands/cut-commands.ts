import type { Command } from 'commander';

export function registerCutCommands(program: Command): void {
  void program;
}
