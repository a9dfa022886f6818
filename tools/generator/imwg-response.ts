/**
 * The serum M-protein reading of the IMWG response as RESP-05 defines it (study.md, edit-checks.md),
 * used to report the response a site would report, so that RESP-05 never fires on generated data.
 * Values are g/dL, as the importer standardises them.
 */

export interface ImwgParams {
  measurableBaseline: number;
  vgprReduction: number;
  prReduction: number;
  mrReduction: number;
  pdAbsoluteIncrease: number;
  pdRelativeIncrease: number;
}

export const DEFAULT_IMWG: ImwgParams = {
  measurableBaseline: 0.5,
  vgprReduction: 0.9,
  prReduction: 0.5,
  mrReduction: 0.25,
  pdAbsoluteIncrease: 0.5,
  pdRelativeIncrease: 1.25,
};

/** What the M-protein alone says: PD, or the depth of the reduction ("VGPR" = at least VGPR). */
export type SpepReading = 'PD' | 'VGPR' | 'PR' | 'MR' | 'SD';

export function readSpep(params: ImwgParams, baseline: number, nadir: number, current: number): SpepReading {
  if (current - nadir >= params.pdAbsoluteIncrease && current >= params.pdRelativeIncrease * nadir)
    return 'PD';
  const r = (baseline - current) / baseline;
  if (r >= params.vgprReduction) return 'VGPR';
  if (r >= params.prReduction) return 'PR';
  if (r >= params.mrReduction) return 'MR';
  return 'SD';
}

const TIE = 1e-7;

/**
 * True when a value sits on a threshold, where the check's arithmetic (a ratio, a product, a
 * difference) could round either way. The generator moves such values by 0.01 g/dL.
 */
export function onThreshold(params: ImwgParams, baseline: number, nadir: number, current: number): boolean {
  const r = (baseline - current) / baseline;
  return (
    Math.abs(current - nadir - params.pdAbsoluteIncrease) < TIE ||
    Math.abs(current - params.pdRelativeIncrease * nadir) < TIE ||
    Math.abs(r - params.vgprReduction) < TIE ||
    Math.abs(r - params.prReduction) < TIE ||
    Math.abs(r - params.mrReduction) < TIE
  );
}

export function imwgParamsOf(params: Record<string, unknown> | undefined): ImwgParams {
  const num = (name: keyof ImwgParams) =>
    typeof params?.[name] === 'number' ? (params[name] as number) : DEFAULT_IMWG[name];
  return {
    measurableBaseline: num('measurableBaseline'),
    vgprReduction: num('vgprReduction'),
    prReduction: num('prReduction'),
    mrReduction: num('mrReduction'),
    pdAbsoluteIncrease: num('pdAbsoluteIncrease'),
    pdRelativeIncrease: num('pdRelativeIncrease'),
  };
}
