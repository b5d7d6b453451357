import {
  adverseEventSchema,
  baselineClinicalSchema,
  CYCLED_TREATMENT_CATEGORIES,
  cytogeneticsSchema,
  deathSchema,
  diagnosisSchema,
  followUpContactSchema,
  labsSchema,
  progressionSchema,
  responseAssessmentSchema,
  treatmentSchema,
} from '@cxcr4pet/study';
import type { FieldSpec, RecordFormSpec, Values } from './record-form.tsx';

/**
 * The case forms of the records after screening, as field specs over the study room's schemas (the
 * server validates with the same ones). Labels carry units; union branches show only their own fields.
 */

const is =
  (path: string, ...choices: string[]) =>
  (v: Values) =>
    choices.includes(v[path] ?? '');
const pairs = (...values: string[]) => values.map((v) => [v, v] as const);
const labelled = (entries: Record<string, string>) => Object.entries(entries);

const SUBTYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  lymphoma: {
    dlbcl: 'Diffuse large B-cell (DLBCL)',
    follicular: 'Follicular',
    'marginal-zone': 'Marginal zone (incl. MALT)',
    'mantle-cell': 'Mantle cell',
    'cll-sll': 'CLL/SLL',
    'primary-cns': 'Primary CNS',
    't-cell': 'T-cell',
    hodgkin: 'Hodgkin',
    other: 'Other (name it)',
  },
  'plasma-cell': {
    'multiple-myeloma': 'Multiple myeloma',
    'smouldering-myeloma': 'Smouldering myeloma',
    plasmacytoma: 'Plasmacytoma',
  },
  leukemia: { cll: 'CLL', aml: 'AML', all: 'ALL', other: 'Other (name it)' },
};
const SPECIMENS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  histology: {
    'excisional-biopsy': 'Excisional biopsy',
    'core-needle-biopsy': 'Core-needle biopsy',
    'bone-marrow-trephine': 'Bone-marrow trephine',
    'surgical-resection': 'Surgical resection',
    'stereotactic-brain-biopsy': 'Stereotactic brain biopsy',
    'endoscopic-biopsy': 'Endoscopic biopsy',
  },
  cytology: {
    'bone-marrow-aspirate': 'Bone-marrow aspirate',
    'peripheral-blood-flow-cytometry': 'Peripheral-blood flow cytometry',
    'cerebrospinal-fluid': 'Cerebrospinal fluid',
    effusion: 'Effusion',
  },
};

export const diagnosisSpec: RecordFormSpec = {
  type: 'diagnosis',
  title: 'Diagnosis',
  schema: diagnosisSchema,
  fixed: (participantId) => ({ participantId }),
  groups: [
    {
      legend: 'Disease',
      fields: [
        {
          path: 'certainty',
          label: 'Certainty',
          kind: 'select',
          options: labelled({ suspected: 'suspected', confirmed: 'confirmed' }),
        },
        {
          path: 'disease.family',
          label: 'Disease family',
          kind: 'select',
          options: labelled({
            lymphoma: 'Lymphoma',
            'plasma-cell': 'Plasma-cell disease',
            leukemia: 'Leukemia',
          }),
        },
        {
          path: 'disease.subtype',
          label: 'Subtype',
          kind: 'select',
          options: (v) => labelled(SUBTYPES[v['disease.family'] ?? ''] ?? {}),
          when: (v) => (v['disease.family'] ?? '') !== '',
        },
        {
          path: 'disease.marginalZoneType',
          label: 'Marginal zone type',
          kind: 'select',
          options: labelled({
            'extranodal-malt': 'Extranodal (MALT)',
            nodal: 'Nodal',
            splenic: 'Splenic',
            disseminated: 'Disseminated',
          }),
          when: is('disease.subtype', 'marginal-zone'),
        },
        {
          path: 'disease.plasmacytomaSite',
          label: 'Plasmacytoma site',
          kind: 'select',
          options: labelled({ 'solitary-bone': 'Solitary bone', extramedullary: 'Extramedullary' }),
          when: is('disease.subtype', 'plasmacytoma'),
        },
        { path: 'disease.name', label: 'Subtype name', kind: 'text', when: is('disease.subtype', 'other') },
        { path: 'diagnosedDate', label: 'Diagnosed on', kind: 'date' },
      ],
    },
    {
      legend: 'Reference standard',
      fields: [
        {
          path: 'reference.kind',
          label: 'Based on',
          kind: 'select',
          options: labelled({
            histology: 'Histology',
            cytology: 'Cytology / flow cytometry',
            clinical: 'Clinical diagnosis',
          }),
        },
        {
          path: 'reference.specimen',
          label: 'Specimen',
          kind: 'select',
          options: (v) => labelled(SPECIMENS[v['reference.kind'] ?? ''] ?? {}),
          when: is('reference.kind', 'histology', 'cytology'),
        },
        {
          path: 'reference.site',
          label: 'Site sampled',
          kind: 'text',
          when: is('reference.kind', 'histology'),
        },
        {
          path: 'reference.sampledDate',
          label: 'Sampled on',
          kind: 'date',
          when: is('reference.kind', 'histology', 'cytology'),
        },
        {
          path: 'reference.reportId',
          label: 'Report number',
          kind: 'text',
          when: is('reference.kind', 'histology', 'cytology'),
        },
        {
          path: 'reference.reason',
          label: 'Why clinical',
          kind: 'textarea',
          when: is('reference.kind', 'clinical'),
        },
      ],
    },
  ],
};

const num = (path: string, label: string, integer = false): FieldSpec => ({
  path,
  label,
  kind: 'number',
  integer,
});

export const labsSpec: RecordFormSpec = {
  type: 'labs',
  title: 'Laboratory values',
  schema: labsSchema,
  fixed: (participantId) => ({ participantId }),
  groups: [
    {
      legend: 'Blood',
      fields: [
        { path: 'sampledDate', label: 'Sampled on', kind: 'date' },
        num('ldhUPerL', 'LDH (U/L)'),
        num('ldhUpperLimitUPerL', 'LDH upper limit of normal (U/L)'),
        num('hemoglobinGPerDl', 'Haemoglobin (g/dL)'),
        num('plateletsE9PerL', 'Platelets (10⁹/L)'),
        num('absoluteLymphocytesE9PerL', 'Lymphocytes (10⁹/L)'),
        num('beta2MicroglobulinMgPerL', 'β2-microglobulin (mg/L)'),
        num('albuminGPerDl', 'Albumin (g/dL)'),
        num('calciumMgPerDl', 'Calcium (mg/dL)'),
        num('creatinineMgPerDl', 'Creatinine (mg/dL)'),
      ],
    },
    {
      legend: 'Monoclonal protein and CSF',
      fields: [
        num('serumIgGMProteinGPerDl', 'Serum IgG M-protein (g/dL)'),
        num('serumIgAMProteinGPerDl', 'Serum IgA M-protein (g/dL)'),
        num('urineLightChainGPer24h', 'Urine light chains (g/24 h)'),
        num('csfProteinMgPerDl', 'CSF protein (mg/dL)'),
      ],
    },
  ],
};

const intChoice = (...values: number[]) => values.map((v) => [String(v), String(v)] as const);

export const baselineClinicalSpec: RecordFormSpec = {
  type: 'baseline-clinical',
  title: 'Baseline clinical findings',
  schema: baselineClinicalSchema,
  fixed: (participantId) => ({ participantId }),
  groups: [
    {
      legend: 'Performance and stage',
      fields: [
        { path: 'assessedDate', label: 'Assessed on', kind: 'date' },
        {
          path: 'ecogPerformanceStatus',
          label: 'ECOG performance status',
          kind: 'select',
          options: intChoice(0, 1, 2, 3, 4),
          parse: Number,
        },
        {
          path: 'annArborStage',
          label: 'Ann Arbor stage',
          kind: 'select',
          options: intChoice(1, 2, 3, 4),
          parse: Number,
        },
        { path: 'bSymptoms', label: 'B symptoms', kind: 'yes-no' },
        { path: 'bulky', label: 'Bulky disease', kind: 'yes-no' },
        num('extranodalSiteCount', 'Extranodal sites (count)', true),
        { path: 'kidneyOrAdrenalInvolved', label: 'Kidney or adrenal involved', kind: 'yes-no' },
        { path: 'deepStructuresInvolved', label: 'Deep brain structures involved', kind: 'yes-no' },
        num('flipiNodalAreaCount', 'FLIPI nodal areas (count)', true),
      ],
    },
    {
      legend: 'CLL and myeloma',
      fields: [
        { path: 'lymphadenopathy', label: 'Lymphadenopathy', kind: 'yes-no' },
        { path: 'splenomegaly', label: 'Splenomegaly', kind: 'yes-no' },
        { path: 'hepatomegaly', label: 'Hepatomegaly', kind: 'yes-no' },
        {
          path: 'binetNodalAreas',
          label: 'Binet nodal areas',
          kind: 'multi',
          options: labelled({ 'head-neck': 'head and neck', axillary: 'axillary', inguinal: 'inguinal' }),
        },
        {
          path: 'boneLesions',
          label: 'Bone lesions (skeletal survey)',
          kind: 'select',
          options: labelled({
            'normal-or-solitary-plasmacytoma': 'normal or solitary plasmacytoma',
            limited: 'limited',
            'advanced-lytic': 'advanced lytic',
          }),
        },
        {
          path: 'mProteinIsotype',
          label: 'M-protein isotype',
          kind: 'select',
          options: pairs('IgG', 'IgA', 'other', 'none'),
        },
        num('focalLesionCount', 'Focal lesions on imaging (count)', true),
        {
          path: 'diffuseInfiltration',
          label: 'Diffuse marrow infiltration',
          kind: 'select',
          options: pairs('none', 'mild', 'moderate', 'severe'),
        },
        { path: 'extramedullaryDisease', label: 'Extramedullary disease', kind: 'yes-no' },
      ],
    },
  ],
};

export const cytogeneticsSpec: RecordFormSpec = {
  type: 'cytogenetics',
  title: 'Cytogenetics',
  schema: cytogeneticsSchema,
  fixed: (participantId) => ({ participantId }),
  groups: [
    {
      legend: 'iFISH and molecular',
      fields: [
        { path: 'sampledDate', label: 'Sampled on', kind: 'date' },
        { path: 'del17p', label: 'del(17p)', kind: 'yes-no' },
        { path: 't4p14', label: 't(4;14)', kind: 'yes-no' },
        { path: 't14p16', label: 't(14;16)', kind: 'yes-no' },
        { path: 'gain1q', label: 'gain(1q)', kind: 'yes-no' },
        { path: 'tp53Aberrant', label: 'TP53 aberrant (CLL)', kind: 'yes-no' },
        { path: 'ighvUnmutated', label: 'IGHV unmutated (CLL)', kind: 'yes-no' },
      ],
    },
  ],
};

const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  'lugano-pet': ['CMR', 'PMR', 'NMR', 'PMD'],
  'lugano-ct': ['CR', 'PR', 'SD', 'PD'],
  imwg: ['sCR', 'CR', 'VGPR', 'PR', 'MR', 'SD', 'PD'],
};

export const responseSpec: RecordFormSpec = {
  type: 'response-assessment',
  title: 'Response assessment',
  schema: responseAssessmentSchema,
  fixed: (participantId) => ({ participantId }),
  groups: [
    {
      legend: 'Response',
      fields: [
        { path: 'assessedDate', label: 'Assessed on', kind: 'date' },
        {
          path: 'timepoint',
          label: 'Time point',
          kind: 'select',
          options: labelled({
            interim: 'interim',
            'end-of-treatment': 'end of treatment',
            'follow-up': 'follow-up',
          }),
        },
        {
          path: 'response.system',
          label: 'Criteria',
          kind: 'select',
          options: labelled({
            'lugano-pet': 'Lugano 2014, PET-CT',
            'lugano-ct': 'Lugano 2014, CT',
            imwg: 'IMWG 2016',
          }),
        },
        {
          path: 'response.category',
          label: 'Response',
          kind: 'select',
          options: (v) => pairs(...(CATEGORIES[v['response.system'] ?? ''] ?? [])),
          when: (v) => (v['response.system'] ?? '') !== '',
        },
        {
          path: 'response.deauville',
          label: 'Deauville score',
          kind: 'select',
          options: pairs('1', '2', '3', '4', '5', 'X'),
          parse: (t) => (t === 'X' ? 'X' : Number(t)),
          when: is('response.system', 'lugano-pet'),
        },
        {
          path: 'response.mrd.status',
          label: 'MRD',
          kind: 'select',
          options: pairs('negative', 'positive'),
          when: is('response.system', 'imwg'),
        },
        {
          path: 'response.mrd.method',
          label: 'MRD method',
          kind: 'select',
          options: labelled({
            'next-generation-flow': 'next-generation flow',
            'next-generation-sequencing': 'next-generation sequencing',
          }),
          when: is('response.system', 'imwg'),
        },
        { path: 'scanId', label: 'PET/CT scan id (if any)', kind: 'text' },
      ],
    },
  ],
};

export const progressionSpec: RecordFormSpec = {
  type: 'progression',
  title: 'Progression',
  schema: progressionSchema,
  fixed: (participantId) => ({ participantId }),
  groups: [
    {
      legend: 'Progression or relapse',
      fields: [
        { path: 'progressionDate', label: 'Progression on', kind: 'date' },
        {
          path: 'basis',
          label: 'Documented by',
          kind: 'select',
          options: pairs('imaging', 'clinical', 'histology', 'laboratory'),
        },
      ],
    },
  ],
};

export const deathSpec: RecordFormSpec = {
  type: 'death',
  title: 'Death',
  schema: deathSchema,
  fixed: (participantId) => ({ participantId }),
  groups: [
    {
      legend: 'Death',
      fields: [
        { path: 'deathDate', label: 'Died on', kind: 'date' },
        {
          path: 'cause',
          label: 'Cause',
          kind: 'select',
          options: labelled({
            'lymphoproliferative-disease': 'the lymphoproliferative disease',
            'treatment-related': 'treatment-related',
            other: 'other',
            unknown: 'unknown',
          }),
        },
      ],
    },
  ],
};

export const contactSpec: RecordFormSpec = {
  type: 'follow-up-contact',
  title: 'Follow-up contact',
  schema: followUpContactSchema,
  fixed: (participantId) => ({ participantId }),
  groups: [
    {
      legend: 'Known alive',
      fields: [
        { path: 'contactDate', label: 'Contact on', kind: 'date' },
        {
          path: 'method',
          label: 'How',
          kind: 'select',
          options: labelled({ visit: 'visit', phone: 'phone', 'medical-records': 'medical records' }),
        },
      ],
    },
  ],
};

export const adverseEventSpec: RecordFormSpec = {
  type: 'adverse-event',
  title: 'Adverse event',
  schema: adverseEventSchema,
  fixed: (participantId) => ({ participantId, ctcaeVersion: '5.0' }),
  initial: (count) => ({ aeId: `AE-${String(count + 1).padStart(2, '0')}` }),
  groups: [
    {
      legend: 'Event (CTCAE v5.0)',
      fields: [
        { path: 'aeId', label: 'Event id', kind: 'text' },
        { path: 'ctcaeTerm', label: 'CTCAE term', kind: 'text', hint: 'e.g. Nausea' },
        { path: 'meddraCode', label: 'MedDRA code (8 digits)', kind: 'text' },
        {
          path: 'grade',
          label: 'Grade',
          kind: 'select',
          options: labelled({
            '1': '1 mild',
            '2': '2 moderate',
            '3': '3 severe',
            '4': '4 life-threatening',
            '5': '5 death',
          }),
          parse: Number,
        },
        { path: 'onsetDate', label: 'Onset on', kind: 'date' },
        { path: 'resolvedDate', label: 'Resolved on', kind: 'date' },
      ],
    },
    {
      legend: 'Causality, seriousness, outcome',
      fields: [
        {
          path: 'attributedTo',
          label: 'Attributed to',
          kind: 'select',
          options: labelled({
            pentixafor: '68Ga-Pentixafor',
            fdg: '18F-FDG',
            'study-procedure': 'study procedure',
            none: 'none',
          }),
        },
        {
          path: 'relatedness',
          label: 'Relatedness',
          kind: 'select',
          options: labelled({
            'not-related': 'not related',
            unlikely: 'unlikely',
            possible: 'possible',
            probable: 'probable',
            definite: 'definite',
          }),
        },
        {
          path: 'serious.kind',
          label: 'Serious',
          kind: 'select',
          options: labelled({ no: 'no', yes: 'yes' }),
        },
        {
          path: 'serious.criteria',
          label: 'Seriousness criteria',
          kind: 'multi',
          options: labelled({
            death: 'death',
            'life-threatening': 'life-threatening',
            hospitalisation: 'hospitalisation',
            disability: 'disability',
            'congenital-anomaly': 'congenital anomaly',
            'important-medical-event': 'important medical event',
          }),
          when: is('serious.kind', 'yes'),
        },
        {
          path: 'outcome',
          label: 'Outcome',
          kind: 'select',
          options: labelled({
            recovered: 'recovered',
            recovering: 'recovering',
            'not-recovered': 'not recovered',
            'recovered-with-sequelae': 'recovered with sequelae',
            fatal: 'fatal',
            unknown: 'unknown',
          }),
        },
      ],
    },
  ],
};

/** The categories of `treatmentCategorySchema`, labelled. */
export const TREATMENT_CATEGORIES = {
  'chemo-immunotherapy': 'chemo-immunotherapy',
  chemotherapy: 'chemotherapy',
  immunotherapy: 'immunotherapy (antibody alone)',
  'targeted-agent': 'targeted / novel agent',
  radiotherapy: 'radiotherapy',
  'autologous-transplant': 'autologous stem-cell transplant',
  'allogeneic-transplant': 'allogeneic stem-cell transplant',
  'car-t': 'CAR-T cells',
  'watch-and-wait': 'watch and wait',
  other: 'other (name it as the regimen)',
} as const;

export const treatmentSpec: RecordFormSpec = {
  type: 'treatment',
  title: 'Treatment',
  schema: treatmentSchema,
  fixed: (participantId) => ({ participantId }),
  initial: (count) => ({ lineOfTherapy: String(count + 1) }),
  groups: [
    {
      legend: 'Line of therapy',
      fields: [
        { path: 'regimen', label: 'Regimen', kind: 'text', hint: 'e.g. R-CHOP' },
        { path: 'category', label: 'Category', kind: 'select', options: labelled(TREATMENT_CATEGORIES) },
        { path: 'lineOfTherapy', label: 'Line of therapy', kind: 'number', integer: true },
        {
          path: 'intent',
          label: 'Intent',
          kind: 'select',
          options: labelled({
            curative: 'curative',
            'disease-control': 'disease control',
            palliative: 'palliative',
            consolidation: 'consolidation',
            maintenance: 'maintenance',
            observation: 'observation (watch and wait)',
          }),
        },
        { path: 'startDate', label: 'Started on', kind: 'date' },
        { path: 'endDate', label: 'Ended on', kind: 'date' },
        {
          path: 'cycles',
          label: 'Cycles given',
          kind: 'number',
          integer: true,
          when: is('category', ...CYCLED_TREATMENT_CATEGORIES),
        },
      ],
    },
  ],
};
