/* The few members of dcmjs (no bundled types) that the test helpers use. */
declare module 'dcmjs' {
  type Dataset = Record<string, unknown>;
  class DicomDict {
    constructor(meta: Dataset);
    meta: Dataset;
    dict: Dataset;
    write(): ArrayBuffer;
  }
  const dcmjs: {
    log: { setLevel(level: string): void };
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: { readFile(buffer: ArrayBuffer): DicomDict };
      DicomMetaDictionary: {
        naturalizeDataset(dataset: Dataset): Dataset;
        denaturalizeDataset(dataset: Dataset): Dataset;
      };
    };
  };
  export default dcmjs;
}
