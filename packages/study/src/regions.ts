import { z } from 'zod';

/**
 * The 12 nodal stations of the visual read. They are the Ann Arbor lymph-node regions (Carbone et al.,
 * Cancer Res 1971;31:1860; kept by the Lugano classification, Cheson et al., J Clin Oncol 2014;32:3059)
 * with left and right merged, each with its side of the diaphragm (what Ann Arbor staging counts).
 */
export const NODAL_STATIONS = [
  { id: 'waldeyer-ring', name: "Waldeyer's ring (tonsils, base of tongue, nasopharynx)", diaphragm: 'above' },
  { id: 'cervical', name: 'Cervical (incl. occipital, pre-auricular)', diaphragm: 'above' },
  { id: 'supraclavicular', name: 'Supraclavicular', diaphragm: 'above' },
  { id: 'axillary', name: 'Axillary (incl. infraclavicular, pectoral)', diaphragm: 'above' },
  { id: 'epitrochlear', name: 'Epitrochlear / brachial', diaphragm: 'above' },
  { id: 'mediastinal', name: 'Mediastinal (incl. paratracheal, thymic region)', diaphragm: 'above' },
  { id: 'hilar', name: 'Pulmonary hilar', diaphragm: 'above' },
  { id: 'retroperitoneal', name: 'Retroperitoneal / para-aortic', diaphragm: 'below' },
  { id: 'mesenteric', name: 'Mesenteric', diaphragm: 'below' },
  { id: 'iliac', name: 'Iliac (common, internal, external)', diaphragm: 'below' },
  { id: 'inguinal-femoral', name: 'Inguinal / femoral', diaphragm: 'below' },
  { id: 'popliteal', name: 'Popliteal', diaphragm: 'below' },
] as const;

/**
 * The 11 organ regions of the visual read, including bone marrow and spleen. No single publication defines
 * this set: it is this project's choice covering the extranodal sites that the risk scores ask about
 * (marrow, spleen, liver, kidney and adrenal for CNS-IPI, CNS for PCNSL, bone for myeloma) and the common
 * sites of MALT and T-cell lymphoma (head-and-neck glands, stomach/bowel, lung, skin).
 */
export const ORGAN_REGIONS = [
  { id: 'bone-marrow', name: 'Bone marrow (diffuse or focal marrow uptake)' },
  { id: 'bone', name: 'Bone (focal skeletal / osteolytic lesions)' },
  { id: 'spleen', name: 'Spleen' },
  { id: 'liver', name: 'Liver' },
  { id: 'lung-pleura', name: 'Lung and pleura' },
  { id: 'gastrointestinal-tract', name: 'Stomach and bowel' },
  { id: 'kidney', name: 'Kidney' },
  { id: 'adrenal', name: 'Adrenal gland' },
  { id: 'central-nervous-system', name: 'Brain, spinal cord, meninges, eye' },
  { id: 'head-neck-glands', name: 'Orbit / ocular adnexa, salivary glands, thyroid' },
  { id: 'skin-soft-tissue', name: 'Skin, subcutis and soft tissue (incl. breast)' },
] as const;

export type NodalStation = (typeof NODAL_STATIONS)[number]['id'];
export type OrganRegion = (typeof ORGAN_REGIONS)[number]['id'];
export type ReadRegion = NodalStation | OrganRegion;

const nodalIds = NODAL_STATIONS.map((s) => s.id) as unknown as [NodalStation, ...NodalStation[]];
const organIds = ORGAN_REGIONS.map((s) => s.id) as unknown as [OrganRegion, ...OrganRegion[]];

export const nodalStationSchema = z.enum(nodalIds);
export const organRegionSchema = z.enum(organIds);
export const readRegionSchema = z.enum([...nodalIds, ...organIds] as [ReadRegion, ...ReadRegion[]]);

/** The 23 regions in reading order: nodal stations first, then organs. */
export const READ_REGIONS: readonly ReadRegion[] = [...nodalIds, ...organIds];

/** Side of the diaphragm of a nodal station. */
export function diaphragmSideOf(station: NodalStation): 'above' | 'below' {
  const found = NODAL_STATIONS.find((s) => s.id === station);
  return found === undefined ? 'above' : found.diaphragm;
}
