import type { Command } from 'commander';

export function registerQueries(program: Command): void {
  void program;
}
