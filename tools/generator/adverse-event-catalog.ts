/**
 * Adverse events seen with pomalidomide + dexamethasone (label, MM-003), with the Korean verbatim
 * terms sites write. A few verbatims hold a comma, a double quote or a line break on purpose:
 * they exercise CSV quoting.
 */

export interface AdverseEventKind {
  decod: string;
  terms: readonly string[];
  /** Chance per 28-day cycle of a mild (non-interrupting) episode. */
  perCycle: number;
  grades: readonly (readonly [number, number])[];
  /** Typical duration in days [min, max]. */
  days: readonly [number, number];
  /** Chance that an episode never resolves within the follow-up. */
  unresolved: number;
  /** Chance that an episode is serious (hospitalisation). */
  serious: number;
  /** Causality weights, WHO-UMC codes. */
  related: 'likely' | 'possible' | 'unlikely';
  /** Key into medication-catalog TREATMENTS, when the event is often treated. */
  treatedWith?: string;
}

export const NEUTROPENIA: AdverseEventKind = {
  decod: 'Neutropenia',
  terms: ['호중구감소증', '호중구 감소증', '중성구감소증', 'Neutropenia', 'neutropenia'],
  perCycle: 0,
  grades: [[3, 1]],
  days: [7, 14],
  unresolved: 0,
  serious: 0,
  related: 'likely',
  treatedWith: 'gcsf',
};

export const THROMBOCYTOPENIA: AdverseEventKind = {
  decod: 'Thrombocytopenia',
  terms: ['혈소판감소증', '혈소판 감소증', 'Thrombocytopenia', '혈소판감소증, 약물 관련'],
  perCycle: 0,
  grades: [[3, 1]],
  days: [7, 14],
  unresolved: 0,
  serious: 0,
  related: 'likely',
};

/** Events that a cycle may bring without changing the dose. */
export const MILD_EVENTS: readonly AdverseEventKind[] = [
  {
    decod: 'Fatigue',
    terms: ['피로', '피로감', 'Fatigue', '전신 쇠약감 "기운 없음"'],
    perCycle: 0.07,
    grades: [
      [1, 5],
      [2, 4],
      [3, 1],
    ],
    days: [7, 60],
    unresolved: 0.1,
    serious: 0,
    related: 'possible',
  },
  {
    decod: 'Anaemia',
    terms: ['빈혈', 'Anemia', '빈혈 악화'],
    perCycle: 0.05,
    grades: [
      [1, 2],
      [2, 4],
      [3, 3],
    ],
    days: [14, 56],
    unresolved: 0.05,
    serious: 0.02,
    related: 'possible',
  },
  {
    decod: 'Constipation',
    terms: ['변비', 'Constipation'],
    perCycle: 0.05,
    grades: [
      [1, 6],
      [2, 3],
    ],
    days: [5, 30],
    unresolved: 0.05,
    serious: 0,
    related: 'possible',
    treatedWith: 'laxative',
  },
  {
    decod: 'Peripheral sensory neuropathy',
    terms: ['말초신경병증', '말초 신경병증', '손발 저림,\n말초신경병증'],
    perCycle: 0.025,
    grades: [
      [1, 5],
      [2, 3],
      [3, 1],
    ],
    days: [30, 120],
    unresolved: 0.4,
    serious: 0,
    related: 'possible',
    treatedWith: 'neuropathy',
  },
  {
    decod: 'Pyrexia',
    terms: ['발열', '열남', 'Fever'],
    perCycle: 0.04,
    grades: [
      [1, 6],
      [2, 3],
    ],
    days: [1, 5],
    unresolved: 0,
    serious: 0.05,
    related: 'unlikely',
    treatedWith: 'antipyretic',
  },
  {
    decod: 'Diarrhoea',
    terms: ['설사', 'Diarrhea', '설사, 하루 4회'],
    perCycle: 0.035,
    grades: [
      [1, 6],
      [2, 3],
      [3, 1],
    ],
    days: [2, 10],
    unresolved: 0,
    serious: 0,
    related: 'possible',
    treatedWith: 'antidiarrhoeal',
  },
  {
    decod: 'Upper respiratory tract infection',
    terms: ['상기도감염', '상기도 감염', '감기', 'URI'],
    perCycle: 0.05,
    grades: [
      [1, 4],
      [2, 5],
    ],
    days: [5, 14],
    unresolved: 0,
    serious: 0,
    related: 'unlikely',
    treatedWith: 'uri',
  },
  {
    decod: 'Decreased appetite',
    terms: ['식욕부진', '식욕 감소'],
    perCycle: 0.025,
    grades: [
      [1, 6],
      [2, 3],
    ],
    days: [7, 45],
    unresolved: 0.1,
    serious: 0,
    related: 'possible',
  },
  {
    decod: 'Insomnia',
    terms: ['불면증', '수면 장애'],
    perCycle: 0.02,
    grades: [
      [1, 6],
      [2, 3],
    ],
    days: [7, 60],
    unresolved: 0.1,
    serious: 0,
    related: 'possible',
    treatedWith: 'hypnotic',
  },
  {
    decod: 'Hyperglycaemia',
    terms: ['고혈당', '스테로이드 유발 고혈당'],
    perCycle: 0.02,
    grades: [
      [1, 3],
      [2, 4],
      [3, 2],
    ],
    days: [3, 30],
    unresolved: 0.1,
    serious: 0,
    related: 'unlikely',
    treatedWith: 'insulin',
  },
  {
    decod: 'Dyspnoea',
    terms: ['호흡곤란', '숨참'],
    perCycle: 0.02,
    grades: [
      [1, 5],
      [2, 3],
    ],
    days: [3, 21],
    unresolved: 0,
    serious: 0.05,
    related: 'unlikely',
  },
  {
    decod: 'Back pain',
    terms: ['요통', '허리 통증', 'Back pain'],
    perCycle: 0.025,
    grades: [
      [1, 5],
      [2, 4],
    ],
    days: [7, 45],
    unresolved: 0.1,
    serious: 0,
    related: 'unlikely',
    treatedWith: 'analgesic',
  },
  {
    decod: 'Oedema peripheral',
    terms: ['말초부종', '하지 부종'],
    perCycle: 0.02,
    grades: [
      [1, 7],
      [2, 2],
    ],
    days: [7, 45],
    unresolved: 0.1,
    serious: 0,
    related: 'possible',
  },
  {
    decod: 'Dizziness',
    terms: ['어지러움', '어지럼증'],
    perCycle: 0.02,
    grades: [
      [1, 8],
      [2, 2],
    ],
    days: [1, 10],
    unresolved: 0,
    serious: 0,
    related: 'possible',
  },
  {
    decod: 'Nausea',
    terms: ['오심', '구역', 'Nausea'],
    perCycle: 0.02,
    grades: [
      [1, 7],
      [2, 3],
    ],
    days: [2, 10],
    unresolved: 0,
    serious: 0,
    related: 'possible',
    treatedWith: 'antiemetic',
  },
  {
    decod: 'Cough',
    terms: ['기침', '기침, 가래'],
    perCycle: 0.02,
    grades: [
      [1, 8],
      [2, 2],
    ],
    days: [5, 21],
    unresolved: 0,
    serious: 0,
    related: 'unlikely',
  },
  {
    decod: 'Muscle spasms',
    terms: ['근육 경련', '쥐남'],
    perCycle: 0.015,
    grades: [
      [1, 8],
      [2, 2],
    ],
    days: [1, 14],
    unresolved: 0,
    serious: 0,
    related: 'possible',
  },
  {
    decod: 'Rash',
    terms: ['발진', '피부 발진', 'Rash'],
    perCycle: 0.015,
    grades: [
      [1, 6],
      [2, 3],
    ],
    days: [5, 21],
    unresolved: 0,
    serious: 0,
    related: 'likely',
    treatedWith: 'antihistamine',
  },
  {
    decod: 'Herpes zoster',
    terms: ['대상포진'],
    perCycle: 0.008,
    grades: [
      [2, 7],
      [3, 2],
    ],
    days: [10, 30],
    unresolved: 0,
    serious: 0.1,
    related: 'unlikely',
    treatedWith: 'antiviral',
  },
  {
    decod: 'Headache',
    terms: ['두통'],
    perCycle: 0.015,
    grades: [
      [1, 8],
      [2, 2],
    ],
    days: [1, 5],
    unresolved: 0,
    serious: 0,
    related: 'unlikely',
  },
];

/** Events that make the investigator interrupt, reduce or stop pomalidomide (grade 3 mostly). */
export const SEVERE_EVENTS: readonly AdverseEventKind[] = [
  {
    decod: 'Pneumonia',
    terms: ['폐렴', 'Pneumonia', '폐렴, 우하엽'],
    perCycle: 0.025,
    grades: [
      [3, 8],
      [4, 1],
    ],
    days: [7, 21],
    unresolved: 0,
    serious: 0.8,
    related: 'possible',
    treatedWith: 'antibiotic',
  },
  {
    decod: 'Febrile neutropenia',
    terms: ['발열성 호중구감소증', '호중구감소성 발열'],
    perCycle: 0.01,
    grades: [
      [3, 8],
      [4, 2],
    ],
    days: [4, 10],
    unresolved: 0,
    serious: 1,
    related: 'likely',
    treatedWith: 'antibiotic',
  },
  {
    decod: 'Fatigue',
    terms: ['피로', '심한 피로감'],
    perCycle: 0.012,
    grades: [[3, 1]],
    days: [7, 28],
    unresolved: 0,
    serious: 0,
    related: 'possible',
  },
  {
    decod: 'Deep vein thrombosis',
    terms: ['심부정맥혈전증', '하지 심부정맥혈전증', 'DVT (좌측 하지)'],
    perCycle: 0.008,
    grades: [
      [2, 3],
      [3, 2],
    ],
    days: [30, 120],
    unresolved: 0.1,
    serious: 0.5,
    related: 'possible',
    treatedWith: 'anticoagulant',
  },
  {
    decod: 'Pulmonary embolism',
    terms: ['폐색전증'],
    perCycle: 0.003,
    grades: [
      [3, 3],
      [4, 1],
    ],
    days: [30, 90],
    unresolved: 0,
    serious: 1,
    related: 'possible',
    treatedWith: 'anticoagulant',
  },
  {
    decod: 'Rash',
    terms: ['발진', '전신 발진'],
    perCycle: 0.006,
    grades: [[3, 1]],
    days: [7, 21],
    unresolved: 0,
    serious: 0,
    related: 'likely',
    treatedWith: 'antihistamine',
  },
  {
    decod: 'Peripheral sensory neuropathy',
    terms: ['말초신경병증'],
    perCycle: 0.005,
    grades: [[3, 1]],
    days: [30, 120],
    unresolved: 0.3,
    serious: 0,
    related: 'possible',
    treatedWith: 'neuropathy',
  },
  {
    decod: 'Sepsis',
    terms: ['패혈증'],
    perCycle: 0.004,
    grades: [[4, 1]],
    days: [7, 21],
    unresolved: 0,
    serious: 1,
    related: 'possible',
    treatedWith: 'antibiotic',
  },
];

/** Causes of death on treatment (the fatal adverse event). */
export const FATAL_EVENTS: readonly Pick<AdverseEventKind, 'decod' | 'terms' | 'treatedWith'>[] = [
  { decod: 'Pneumonia', terms: ['폐렴', '중증 폐렴'], treatedWith: 'antibiotic' },
  { decod: 'Sepsis', terms: ['패혈증', '패혈성 쇼크'], treatedWith: 'antibiotic' },
  { decod: 'Cardiac arrest', terms: ['심정지'] },
  { decod: 'Cerebral haemorrhage', terms: ['뇌출혈'] },
  { decod: 'Respiratory failure', terms: ['호흡부전'] },
];

export const CAUSALITY: Record<AdverseEventKind['related'], readonly (readonly [string, number])[]> = {
  likely: [
    ['CERTAIN', 1],
    ['PROBABLE', 5],
    ['POSSIBLE', 3],
    ['UNLIKELY', 1],
  ],
  possible: [
    ['PROBABLE', 2],
    ['POSSIBLE', 5],
    ['UNLIKELY', 2],
    ['NOT RELATED', 1],
  ],
  unlikely: [
    ['POSSIBLE', 2],
    ['UNLIKELY', 4],
    ['NOT RELATED', 3],
    ['UNASSESSABLE', 1],
  ],
};
