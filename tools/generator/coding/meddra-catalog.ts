/**
 * The synthetic MedDRA of the generated study: made-up codes (9xxxxxxx; real MedDRA codes start
 * with 100) over the events the generator writes, in English and Korean. Not a MedDRA release:
 * the hierarchy is small and invented, only shaped like the real one (SOC > HLGT > HLT > PT > LLT,
 * a PT with secondary SOCs, every PT with an LLT of its own name and code, non-current LLTs).
 *
 * Which Korean and English verbatims of the generator equal an LLT is decided here: the first
 * Korean term of most events is the Korean name of its PT, some others are LLTs, the rest are
 * spelling variants or words no dictionary holds (coding-key.ts works out which is which).
 */

export interface CatalogSoc {
  key: string;
  en: string;
  ko: string;
  abbrev: string;
}

export interface CatalogGroup {
  key: string;
  /** The SOC (for an HLGT) or HLGT (for an HLT) it belongs to. */
  parent: string;
  en: string;
  ko: string;
}

export interface CatalogPt {
  en: string;
  ko: string;
  /** The HLT of the primary path, then HLTs of secondary paths. */
  hlts: readonly string[];
  /** Further LLTs: English name, Korean name, and false for a non-current one. */
  llts: readonly (readonly [string, string, boolean?])[];
}

export const SOCS: readonly CatalogSoc[] = [
  { key: 'blood', en: 'Blood and lymphatic system disorders', ko: '혈액 및 림프계 장애', abbrev: 'Blood' },
  {
    key: 'general',
    en: 'General disorders and administration site conditions',
    ko: '전신 장애 및 투여 부위 병태',
    abbrev: 'Genrl',
  },
  { key: 'gi', en: 'Gastrointestinal disorders', ko: '위장관 장애', abbrev: 'Gastr' },
  { key: 'nervous', en: 'Nervous system disorders', ko: '신경계 장애', abbrev: 'Nerv' },
  { key: 'infections', en: 'Infections and infestations', ko: '감염 및 기생충 감염', abbrev: 'Infec' },
  { key: 'metabolism', en: 'Metabolism and nutrition disorders', ko: '대사 및 영양 장애', abbrev: 'Metab' },
  { key: 'psychiatric', en: 'Psychiatric disorders', ko: '정신 장애', abbrev: 'Psych' },
  {
    key: 'respiratory',
    en: 'Respiratory, thoracic and mediastinal disorders',
    ko: '호흡기, 흉곽 및 종격 장애',
    abbrev: 'Resp',
  },
  {
    key: 'musculoskeletal',
    en: 'Musculoskeletal and connective tissue disorders',
    ko: '근골격 및 결합 조직 장애',
    abbrev: 'Musc',
  },
  { key: 'skin', en: 'Skin and subcutaneous tissue disorders', ko: '피부 및 피하 조직 장애', abbrev: 'Skin' },
  { key: 'vascular', en: 'Vascular disorders', ko: '혈관 장애', abbrev: 'Vasc' },
  { key: 'cardiac', en: 'Cardiac disorders', ko: '심장 장애', abbrev: 'Card' },
];

export const HLGTS: readonly CatalogGroup[] = [
  { key: 'wbc', parent: 'blood', en: 'White blood cell disorders', ko: '백혈구 장애' },
  { key: 'platelets', parent: 'blood', en: 'Platelet disorders', ko: '혈소판 장애' },
  {
    key: 'anaemias',
    parent: 'blood',
    en: 'Anaemias nonhaemolytic and marrow depression',
    ko: '비용혈성 빈혈 및 골수 억제',
  },
  {
    key: 'general',
    parent: 'general',
    en: 'General system disorders NEC',
    ko: '달리 분류되지 않는 전신 장애',
  },
  {
    key: 'motility',
    parent: 'gi',
    en: 'Gastrointestinal motility and defaecation conditions',
    ko: '위장관 운동 및 배변 병태',
  },
  { key: 'gisigns', parent: 'gi', en: 'Gastrointestinal signs and symptoms', ko: '위장관 징후 및 증상' },
  { key: 'neuropathies', parent: 'nervous', en: 'Peripheral neuropathies', ko: '말초 신경병증' },
  {
    key: 'neurological',
    parent: 'nervous',
    en: 'Neurological disorders NEC',
    ko: '달리 분류되지 않는 신경 장애',
  },
  {
    key: 'cns',
    parent: 'nervous',
    en: 'Central nervous system vascular disorders',
    ko: '중추신경계 혈관 장애',
  },
  {
    key: 'infectious',
    parent: 'infections',
    en: 'Infections - pathogen unspecified',
    ko: '감염 - 병원체 불명',
  },
  { key: 'viral', parent: 'infections', en: 'Viral infectious disorders', ko: '바이러스 감염 장애' },
  {
    key: 'appetite',
    parent: 'metabolism',
    en: 'Appetite and general nutritional disorders',
    ko: '식욕 및 일반 영양 장애',
  },
  { key: 'glucose', parent: 'metabolism', en: 'Glucose metabolism disorders', ko: '포도당 대사 장애' },
  { key: 'sleep', parent: 'psychiatric', en: 'Sleep disorders and disturbances', ko: '수면 장애 및 교란' },
  {
    key: 'breathing',
    parent: 'respiratory',
    en: 'Respiratory disorders NEC',
    ko: '달리 분류되지 않는 호흡 장애',
  },
  { key: 'pulmonaryvascular', parent: 'respiratory', en: 'Pulmonary vascular disorders', ko: '폐혈관 장애' },
  {
    key: 'musculoskeletal',
    parent: 'musculoskeletal',
    en: 'Musculoskeletal and connective tissue disorders NEC',
    ko: '달리 분류되지 않는 근골격 장애',
  },
  { key: 'epidermal', parent: 'skin', en: 'Epidermal and dermal conditions', ko: '표피 및 진피 병태' },
  { key: 'embolism', parent: 'vascular', en: 'Embolism and thrombosis', ko: '색전증 및 혈전증' },
  {
    key: 'cardiacdisorders',
    parent: 'cardiac',
    en: 'Cardiac disorder signs and symptoms',
    ko: '심장 장애 징후 및 증상',
  },
];

export const HLTS: readonly CatalogGroup[] = [
  { key: 'neutropenias', parent: 'wbc', en: 'Neutropenias', ko: '호중구감소증류' },
  { key: 'thrombocytopenias', parent: 'platelets', en: 'Thrombocytopenias', ko: '혈소판감소증류' },
  { key: 'anaemiasnec', parent: 'anaemias', en: 'Anaemias NEC', ko: '달리 분류되지 않는 빈혈' },
  { key: 'asthenic', parent: 'general', en: 'Asthenic conditions', ko: '무력 병태' },
  { key: 'febrile', parent: 'general', en: 'Febrile disorders', ko: '발열 장애' },
  { key: 'oedema', parent: 'general', en: 'Oedema NEC', ko: '달리 분류되지 않는 부종' },
  {
    key: 'generalnec',
    parent: 'general',
    en: 'General signs and symptoms NEC',
    ko: '달리 분류되지 않는 전신 징후 및 증상',
  },
  {
    key: 'constipation',
    parent: 'motility',
    en: 'Gastrointestinal atonic and hypomotility disorders NEC',
    ko: '위장관 무긴장 및 운동저하 장애',
  },
  { key: 'diarrhoea', parent: 'motility', en: 'Diarrhoea (excl infective)', ko: '설사 (감염성 제외)' },
  { key: 'nausea', parent: 'gisigns', en: 'Nausea and vomiting symptoms', ko: '오심 및 구토 증상' },
  {
    key: 'sensory',
    parent: 'neuropathies',
    en: 'Peripheral neuropathies NEC',
    ko: '달리 분류되지 않는 말초 신경병증',
  },
  { key: 'headaches', parent: 'neurological', en: 'Headaches NEC', ko: '달리 분류되지 않는 두통' },
  {
    key: 'dizziness',
    parent: 'neurological',
    en: 'Neurological signs and symptoms NEC',
    ko: '달리 분류되지 않는 신경 징후 및 증상',
  },
  {
    key: 'haemorrhages',
    parent: 'cns',
    en: 'Central nervous system haemorrhages and cerebrovascular accidents',
    ko: '중추신경계 출혈 및 뇌혈관 사고',
  },
  { key: 'urti', parent: 'infectious', en: 'Upper respiratory tract infections', ko: '상기도 감염' },
  {
    key: 'lrti',
    parent: 'infectious',
    en: 'Lower respiratory tract and lung infections',
    ko: '하기도 및 폐 감염',
  },
  {
    key: 'sepsis',
    parent: 'infectious',
    en: 'Sepsis, bacteraemia, viraemia and fungaemia NEC',
    ko: '패혈증, 균혈증, 바이러스혈증 및 진균혈증',
  },
  { key: 'herpes', parent: 'viral', en: 'Herpes viral infections', ko: '헤르페스 바이러스 감염' },
  { key: 'appetite', parent: 'appetite', en: 'Appetite disorders', ko: '식욕 장애' },
  {
    key: 'hyperglycaemic',
    parent: 'glucose',
    en: 'Hyperglycaemic conditions NEC',
    ko: '달리 분류되지 않는 고혈당 병태',
  },
  {
    key: 'insomnia',
    parent: 'sleep',
    en: 'Disturbances in initiating and maintaining sleep',
    ko: '수면 개시 및 유지 장애',
  },
  { key: 'breathing', parent: 'breathing', en: 'Breathing abnormalities', ko: '호흡 이상' },
  { key: 'coughing', parent: 'breathing', en: 'Coughing and associated symptoms', ko: '기침 및 관련 증상' },
  {
    key: 'respfailure',
    parent: 'breathing',
    en: 'Respiratory failures (excl neonatal)',
    ko: '호흡부전 (신생아 제외)',
  },
  {
    key: 'pulmonaryembolism',
    parent: 'pulmonaryvascular',
    en: 'Pulmonary thrombotic and embolic conditions',
    ko: '폐 혈전 및 색전 병태',
  },
  {
    key: 'musculoskeletalpain',
    parent: 'musculoskeletal',
    en: 'Musculoskeletal and connective tissue pain and discomfort',
    ko: '근골격 및 결합 조직 통증 및 불편',
  },
  {
    key: 'spasms',
    parent: 'musculoskeletal',
    en: 'Muscle related signs and symptoms NEC',
    ko: '달리 분류되지 않는 근육 관련 징후 및 증상',
  },
  {
    key: 'rashes',
    parent: 'epidermal',
    en: 'Rashes, eruptions and exanthems NEC',
    ko: '달리 분류되지 않는 발진 및 발진증',
  },
  {
    key: 'thrombosis',
    parent: 'embolism',
    en: 'Peripheral embolism and thrombosis',
    ko: '말초 색전증 및 혈전증',
  },
  {
    key: 'arrest',
    parent: 'cardiacdisorders',
    en: 'Ventricular arrhythmias and cardiac arrest',
    ko: '심실 부정맥 및 심정지',
  },
];

/** PTs in code order; the primary path first. */
export const PTS: readonly CatalogPt[] = [
  { en: 'Neutropenia', ko: '호중구감소증', hlts: ['neutropenias'], llts: [['Neutropaenia', '중성구감소증']] },
  {
    en: 'Febrile neutropenia',
    ko: '발열성 호중구감소증',
    hlts: ['neutropenias', 'febrile'],
    llts: [['Neutropenic fever', '호중구감소성 발열']],
  },
  {
    en: 'Thrombocytopenia',
    ko: '혈소판감소증',
    hlts: ['thrombocytopenias'],
    llts: [['Platelet count low NOS', '혈소판 수치 저하 NOS', false]],
  },
  { en: 'Anaemia', ko: '빈혈', hlts: ['anaemiasnec'], llts: [['Anemia', '빈혈증']] },
  { en: 'Fatigue', ko: '피로', hlts: ['asthenic'], llts: [['Lethargy NOS', '무기력 NOS', false]] },
  { en: 'Pyrexia', ko: '발열', hlts: ['febrile'], llts: [['Fever', '열']] },
  { en: 'Oedema peripheral', ko: '말초부종', hlts: ['oedema'], llts: [['Leg oedema', '하지부종']] },
  { en: 'Constipation', ko: '변비', hlts: ['constipation'], llts: [] },
  { en: 'Diarrhoea', ko: '설사', hlts: ['diarrhoea'], llts: [['Diarrhea', '설사증']] },
  { en: 'Nausea', ko: '오심', hlts: ['nausea'], llts: [['Queasiness', '구역']] },
  {
    en: 'Peripheral sensory neuropathy',
    ko: '말초 감각 신경병증',
    hlts: ['sensory'],
    llts: [['Peripheral neuropathy', '말초신경병증']],
  },
  { en: 'Headache', ko: '두통', hlts: ['headaches'], llts: [] },
  { en: 'Dizziness', ko: '어지러움', hlts: ['dizziness'], llts: [['Giddiness', '어지럼증']] },
  { en: 'Cerebral haemorrhage', ko: '뇌출혈', hlts: ['haemorrhages'], llts: [] },
  {
    en: 'Upper respiratory tract infection',
    ko: '상기도감염',
    hlts: ['urti'],
    llts: [['URI', '상기도 감염증']],
  },
  {
    en: 'Pneumonia',
    ko: '폐렴',
    hlts: ['lrti', 'breathing'],
    llts: [['Chest infection NOS', '흉부 감염 NOS', false]],
  },
  { en: 'Sepsis', ko: '패혈증', hlts: ['sepsis'], llts: [] },
  { en: 'Herpes zoster', ko: '대상포진', hlts: ['herpes'], llts: [] },
  { en: 'Decreased appetite', ko: '식욕 감소', hlts: ['appetite'], llts: [['Anorexia', '식욕부진']] },
  { en: 'Hyperglycaemia', ko: '고혈당', hlts: ['hyperglycaemic'], llts: [] },
  { en: 'Insomnia', ko: '불면증', hlts: ['insomnia'], llts: [] },
  { en: 'Dyspnoea', ko: '호흡곤란', hlts: ['breathing'], llts: [['Dyspnea', '숨가쁨']] },
  { en: 'Cough', ko: '기침', hlts: ['coughing'], llts: [] },
  { en: 'Respiratory failure', ko: '호흡부전', hlts: ['respfailure'], llts: [] },
  { en: 'Pulmonary embolism', ko: '폐색전증', hlts: ['pulmonaryembolism', 'thrombosis'], llts: [] },
  { en: 'Back pain', ko: '요통', hlts: ['musculoskeletalpain'], llts: [['Lumbar pain', '허리통증']] },
  { en: 'Muscle spasms', ko: '근육 경련', hlts: ['spasms'], llts: [] },
  { en: 'Rash', ko: '발진', hlts: ['rashes'], llts: [['Skin rash', '피부 발진']] },
  {
    en: 'Deep vein thrombosis',
    ko: '심부정맥혈전증',
    hlts: ['thrombosis'],
    llts: [['Leg DVT', '하지 심부정맥혈전증']],
  },
  { en: 'Cardiac arrest', ko: '심정지', hlts: ['arrest'], llts: [] },
];

/**
 * How version 90.1 differs from 90.0, in the four ways an upgrade can move a coded term (the
 * upgrade tests are built on these): an LLT becomes non-current, an LLT moves to another (new)
 * PT, a PT moves to another primary SOC, a PT is renamed; and an LLT is added that makes waiting
 * verbatims codable.
 */
export const UPGRADE = {
  nonCurrent: ['Fever'],
  newPt: { en: 'Nasopharyngitis', ko: '비인두염', hlts: ['urti'] },
  movedLlt: { llt: 'URI', toPt: 'Nasopharyngitis' },
  primarySocMoved: { pt: 'Pulmonary embolism', toHlt: 'thrombosis' },
  renamedPt: { from: 'Oedema peripheral', en: 'Peripheral oedema', ko: '말초부종' },
  addedLlt: { pt: 'Fatigue', en: 'Tiredness', ko: '피로감' },
} as const;
