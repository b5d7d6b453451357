export declare const HUGE_PAGES_TUNABLE: string;
export declare function rerunWithHugePages(): Promise<number | undefined>;
