/**
 * Concomitant medications as Korean sites write them: generic or brand names, English or Korean.
 * Every thromboprophylaxis name contains a generic name of the SAFE-01 list (a brand name alone,
 * such as "Xarelto", would not be recognised, and the subject would look unprotected).
 */

export interface MedicationName {
  name: string;
  indications: readonly string[];
}

export const THROMBOPROPHYLAXIS: readonly MedicationName[] = [
  { name: 'Aspirin 100mg', indications: ['VTE prophylaxis', '혈전 예방', 'DVT 예방'] },
  { name: '아스피린 프로텍트정 100mg', indications: ['혈전 예방', '혈전증 예방'] },
  { name: 'ASPIRIN', indications: ['thromboprophylaxis', '"VTE" prophylaxis'] },
  { name: 'Enoxaparin 40mg SC', indications: ['VTE prophylaxis', '혈전 예방'] },
  { name: '클렉산(에녹사파린)', indications: ['혈전 예방'] },
  { name: 'Xarelto (rivaroxaban) 10mg', indications: ['VTE prophylaxis', '혈전 예방'] },
  { name: '리바록사반', indications: ['혈전 예방'] },
  { name: 'Apixaban 2.5mg', indications: ['VTE prophylaxis'] },
  { name: '엘리퀴스(아픽사반)', indications: ['혈전 예방, 포말리도마이드 복용'] },
  { name: 'Warfarin', indications: ['VTE prophylaxis', '심방세동'] },
  { name: '릭시아나(에독사반) 30mg', indications: ['혈전 예방'] },
];

/** Anticoagulation after a thrombosis. */
export const ANTICOAGULANTS: readonly string[] = [
  'Enoxaparin 1mg/kg SC q12h',
  '에녹사파린 치료용량',
  'Rivaroxaban 15mg bid',
  '아픽사반 10mg',
  'Heparin IV',
];

/** Supportive care started with treatment. */
export const SUPPORTIVE: readonly (MedicationName & { chance: number })[] = [
  { name: 'Acyclovir 400mg', indications: ['대상포진 예방', 'HZV prophylaxis'], chance: 0.45 },
  { name: '에소메프라졸', indications: ['위장 보호', '스테로이드 위장관 보호'], chance: 0.4 },
  { name: 'Zoledronic acid 4mg', indications: ['골병변', 'bone disease'], chance: 0.35 },
  { name: '데노수맙', indications: ['골병변'], chance: 0.1 },
  { name: 'Trimethoprim/sulfamethoxazole', indications: ['PJP 예방'], chance: 0.15 },
  { name: 'Allopurinol 100mg', indications: ['고요산혈증'], chance: 0.1 },
  { name: 'Ondansetron', indications: ['구역 예방'], chance: 0.08 },
];

/** Chronic medications, started long before the study (start dates often partial). */
export const CHRONIC: readonly (MedicationName & { chance: number })[] = [
  { name: 'Amlodipine 5mg', indications: ['고혈압', 'HTN'], chance: 0.3 },
  { name: '메트포르민 500mg', indications: ['당뇨병', 'DM'], chance: 0.15 },
  { name: 'Atorvastatin 20mg', indications: ['고지혈증'], chance: 0.2 },
  { name: '레보티록신', indications: ['갑상선기능저하증'], chance: 0.05 },
  { name: 'Calcium carbonate/vitamin D', indications: ['골다공증'], chance: 0.15 },
  { name: '탐스로신', indications: ['전립선비대증'], chance: 0.08 },
];

/** Treatments of adverse events, by AdverseEventKind.treatedWith. */
export const TREATMENTS: Record<string, readonly string[]> = {
  gcsf: ['Filgrastim (G-CSF)', '그라신(필그라스팀)', 'Pegfilgrastim', '류코스팀'],
  antibiotic: ['Levofloxacin 750mg', 'Piperacillin, tazobactam', '세프트리악손', 'Meropenem'],
  laxative: ['마그밀(산화마그네슘)', 'Lactulose syrup', '둘코락스'],
  neuropathy: ['Pregabalin 75mg', '리리카(프레가발린)', 'Gabapentin'],
  antipyretic: ['Acetaminophen 650mg', '타이레놀 ER'],
  antidiarrhoeal: ['Loperamide', '로페라마이드'],
  uri: ['Amoxicillin, clavulanate', '코대원 시럽', '슈도에페드린'],
  hypnotic: ['Zolpidem 10mg', '스틸녹스(졸피뎀)'],
  insulin: ['Insulin glargine', '란투스'],
  analgesic: ['울트라셋', 'Tramadol/acetaminophen', '아세트아미노펜'],
  antiemetic: ['Ondansetron', '맥페란'],
  antihistamine: ['Cetirizine', '페니라민'],
  antiviral: ['Valacyclovir 1g', '팜시클로버'],
  anticoagulant: ANTICOAGULANTS,
};
