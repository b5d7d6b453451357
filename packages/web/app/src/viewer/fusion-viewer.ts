import {
  cache,
  init as coreInit,
  Enums,
  RenderingEngine,
  setVolumesForViewports,
  type Types,
  volumeLoader,
} from '@cornerstonejs/core';
import {
  addTool,
  PanTool,
  StackScrollTool,
  segmentation,
  Enums as ToolEnums,
  ToolGroupManager,
  init as toolsInit,
  ZoomTool,
} from '@cornerstonejs/tools';
import { lpsToIjk, type Vec3, type Volume } from '@cxcr4pet/volume';
import type { ViewerStudy } from '../../../src/viewer-study.ts';
import { CINE_FRAME_EVENT, type MipCine, startMipCine } from './mip-cine.ts';
import {
  type CtWindow,
  ctWindowRange,
  DEFAULT_PET_THRESHOLD_SUV,
  PET_COLORMAP,
  PET_OPACITY,
} from './presets.ts';
import {
  asFloatVolume,
  cornerstoneVolumeId,
  loadedVolume,
  registerVolumeLoader,
  releaseVolumes,
  type WireVolume,
} from './volume-loader.ts';

/** The four viewports: three fused planes and a PET maximum-intensity projection. */
export const VIEWPORT_IDS = ['axial', 'coronal', 'sagittal', 'mip'] as const;
export type ViewportId = (typeof VIEWPORT_IDS)[number];
export const FUSED_VIEWPORT_IDS = ['axial', 'coronal', 'sagittal'] as const;

/**
 * While a plane scrolls it is drawn at this fraction of its pixels along each axis (a quarter of the
 * fragments to ray-cast on SwiftShader), at full resolution `SCROLL_SETTLE_MS` after the last step.
 */
export const SCROLL_RESOLUTION = 0.5;
export const SCROLL_SETTLE_MS = 250;

/** The MIP is ray-cast at the exact angle once it has not turned for this long (ms). */
export const MIP_LIVE_AFTER_MS = 300;

const FIRST_DRAW_TIMEOUT_MS = 20_000;

/** Lesion overlay colour (RGBA): green, absent from the PET colour scale and from CT grey. */
export const LESION_COLOUR: readonly [number, number, number, number] = [0, 230, 90, 255];

/** What lies under a canvas point: its LPS position and the PET and CT values of the voxels there. */
export interface Sample {
  readonly lps: Vec3;
  /** SUV of the PET voxel containing the point (nearest voxel centre), or undefined outside the PET. */
  readonly suv: number | undefined;
  readonly hu: number | undefined;
  /** Lesion label there (0 = none), undefined without a lesion volume or outside it. */
  readonly lesionLabel: number | undefined;
}

/** What a plane shows: the point at its centre (LPS mm, on its slice) and half its height in mm (zoom). */
export interface PlaneView {
  readonly focalPoint: Vec3;
  readonly parallelScale: number;
}

export interface FusionViewer {
  /** The PET in SUV as served (the voxels the review measures on). */
  readonly pet: Volume;
  /** The lesion labels as served (PET grid), or undefined for a study without an analysis. */
  servedLabels(): Int32Array | undefined;
  /**
   * Replaces the overlay's labels (PET grid) and their colours (label → RGBA); labels without a colour
   * are drawn in the lesion green.
   */
  setLabels(
    labels: ArrayLike<number>,
    colours?: ReadonlyMap<number, readonly [number, number, number, number]>,
  ): void;
  setCtWindow(window: CtWindow): void;
  setSuvMax(suvMax: number): void;
  setOverlayVisible(visible: boolean): Promise<void>;
  /**
   * Turns the MIP about the head–foot axis: 0° seen from the front, 90° from the patient's left. While
   * it turns, the precomputed cine's frame of the nearest 10° step is shown (once projected); the exact
   * angle is ray-cast when the turning stops (`MIP_LIVE_AFTER_MS`).
   */
  setMipAngle(degrees: number): void;
  /** Ray-casts the MIP at this angle now (no cine frame): what the cine's frames stand in for. */
  renderMipLive(degrees: number): void;
  /** Shows the cine's frame of this angle and keeps it (no ray cast follows): for checks; false if not projected. */
  showMipCineFrame(degrees: number): boolean;
  /** Resolves when the MIP cine's frames are all projected (false when it could not be made). */
  mipCineReady(): Promise<boolean>;
  /** Resolves when all four viewports have drawn their first frame. */
  readonly firstDrawn: Promise<void>;
  /** Resolves when the viewport has next drawn a frame (Cornerstone's IMAGE_RENDERED), for timing. */
  nextRender(viewportId: ViewportId): Promise<void>;
  /** Moves a plane `delta` slices along its normal (drawn at `SCROLL_RESOLUTION` until it settles). */
  scroll(viewportId: ViewportId, delta: number): void;
  /**
   * Draws a plane at `SCROLL_RESOLUTION` until `SCROLL_SETTLE_MS` after the last call (scrolling by the
   * wheel, or a linked plane following one); its element carries `data-interactive` meanwhile.
   */
  hurry(viewportId: ViewportId): void;
  /** True while a plane is drawn at reduced resolution (see `hurry`). */
  hurried(viewportId: ViewportId): boolean;
  /** Moves every plane (not the MIP) to the slice through this LPS point. */
  jumpTo(lps: Vec3): void;
  sample(viewportId: ViewportId, canvasXY: readonly [number, number]): Sample;
  /** The PET, CT and lesion values at an LPS point (nearest voxels), as `sample` reads them. */
  valuesAt(lps: Vec3): Sample;
  worldToCanvas(viewportId: ViewportId, lps: Vec3): [number, number];
  /** Camera focal point of a viewport (LPS mm): where its current slice is. */
  focalPoint(viewportId: ViewportId): Vec3;
  /** A plane's centre and zoom. */
  view(viewportId: ViewportId): PlaneView;
  /** Puts a plane's centre (and so its slice) at `view.focalPoint` and its zoom at `view.parallelScale`. */
  setView(viewportId: ViewportId, view: PlaneView): void;
  /** Calls `listener` whenever a viewport's camera moves (scroll, pan, zoom, jump); returns the unsubscribe. */
  onCameraChange(listener: (viewportId: ViewportId) => void): () => void;
  /** Cornerstone's display properties of the CT and the PET in a viewport (for checks and bug reports). */
  displayState(viewportId: ViewportId): { ct: unknown; pet: unknown };
  destroy(): void;
}

let initialised = false;

function initCornerstone(baseUrl: string): void {
  if (initialised) return;
  coreInit();
  toolsInit();
  registerVolumeLoader(baseUrl);
  addTool(StackScrollTool);
  addTool(PanTool);
  addTool(ZoomTool);
  initialised = true;
}

/** Nearest-voxel value of a volume at an LPS point, or undefined outside its grid. */
export function valueAt(volume: WireVolume, lps: Vec3): number | undefined {
  const ijk = lpsToIjk(volume, lps).map(Math.round) as [number, number, number];
  const [nx, ny, nz] = volume.dims;
  const [i, j, k] = ijk;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return undefined;
  return volume.data[i + nx * (j + ny * k)];
}

/**
 * vtk.js scales a volume's opacity for the ray step relative to this distance; with Cornerstone's
 * default (1 mm) and its thin slice slab, PET at opacity 0.8 blends at about 0.2, too faint to read.
 * 0.3 mm was measured to blend at about half (0.15 mm and below made the PET opaque).
 */
const PET_OPACITY_UNIT_DISTANCE_MM = 0.3;

interface OpacityProperty {
  setScalarOpacityUnitDistance(component: number, distanceMm: number): void;
}

function setOpacityUnitDistance(viewport: Types.IVolumeViewport, volumeId: string): void {
  const actor = viewport.getActors().find((entry) => entry.referencedId === volumeId)?.actor;
  const property = (actor as unknown as { getProperty(): OpacityProperty } | undefined)?.getProperty();
  property?.setScalarOpacityUnitDistance(0, PET_OPACITY_UNIT_DISTANCE_MM);
}

let engines = 0;

/**
 * Opens a study in four viewports: axial, coronal and sagittal planes with the CT in grey (window
 * presets) under the PET in a hot colour scale (SUV window 0–max, transparent below SUV 1), the
 * engine's lesion label volume as a labelmap overlay, and a coronal PET MIP (inverted grey).
 * Mouse: wheel scrolls slices, middle drag pans, right drag zooms.
 */
export async function openFusionViewer(
  elements: Readonly<Record<ViewportId, HTMLDivElement>>,
  study: ViewerStudy,
  baseUrl: string,
  initial: { ctWindow: CtWindow; suvMax: number },
  options: {
    /**
     * Prefixes Cornerstone's viewport, tool group and segmentation ids, so that two viewers (the
     * side-by-side pair) live on one page: Cornerstone keys segmentation state by viewport id.
     */
    readonly idPrefix?: string;
    /** Projects the rotating MIP's cine in a worker after the first image (default true). */
    readonly mipCine?: boolean;
  } = {},
): Promise<FusionViewer> {
  performance.measure('cxcr4pet page open → viewer code runs', { start: 0, end: performance.now() });
  const prefix = options.idPrefix ?? '';
  const csId = (id: ViewportId) => `${prefix}${id}`;
  initCornerstone(baseUrl);
  const ctId = cornerstoneVolumeId(study.ctVolumeId);
  const petId = cornerstoneVolumeId(study.petVolumeId);
  const lesionId = study.lesionVolumeId === null ? undefined : cornerstoneVolumeId(study.lesionVolumeId);
  const volumeIds = [ctId, petId, ...(lesionId === undefined ? [] : [lesionId])];
  const opening = performance.now();
  await Promise.all(volumeIds.map((id) => volumeLoader.createAndCacheVolume(id)));
  performance.measure('cxcr4pet volumes loaded', { start: opening, end: performance.now() });
  const placing = performance.now();
  const petLoaded = loadedVolume(petId);
  const pet = petLoaded === undefined ? undefined : asFloatVolume(petLoaded);
  const ct = loadedVolume(ctId)?.volume;
  const servedLesions = lesionId === undefined ? undefined : loadedVolume(lesionId)?.volume;
  let lesions = servedLesions;
  if (pet === undefined || ct === undefined) throw new Error('volumes did not load');

  engines += 1;
  const n = engines;
  const engine = new RenderingEngine(`cxcr4pet-${prefix}${n}`);
  const orientation: Record<ViewportId, Enums.OrientationAxis> = {
    axial: Enums.OrientationAxis.AXIAL,
    coronal: Enums.OrientationAxis.CORONAL,
    sagittal: Enums.OrientationAxis.SAGITTAL,
    mip: Enums.OrientationAxis.CORONAL,
  };
  engine.setViewports(
    VIEWPORT_IDS.map((viewportId) => ({
      viewportId: csId(viewportId),
      type: Enums.ViewportType.ORTHOGRAPHIC,
      element: elements[viewportId],
      defaultOptions: { orientation: orientation[viewportId], background: [0, 0, 0] as Types.Point3 },
    })),
  );
  await setVolumesForViewports(
    engine,
    [{ volumeId: ctId }, { volumeId: petId }],
    FUSED_VIEWPORT_IDS.map(csId),
  );
  const mip = engine.getViewport(csId('mip')) as Types.IVolumeViewport;
  const [nx, ny, nz] = pet.dims;
  const extentMm = Math.hypot(nx * pet.spacingMm[0], ny * pet.spacingMm[1], nz * pet.spacingMm[2]);
  await mip.setVolumes([
    { volumeId: petId, blendMode: Enums.BlendModes.MAXIMUM_INTENSITY_BLEND, slabThickness: extentMm },
  ]);

  // The MIP turns about the patient's head–foot axis (LPS z) from its coronal start (0°: seen from
  // the front); 90° looks from the patient's left.
  const mipStart = mip.getCamera();
  const mipStartFocal: Vec3 = [...(mipStart.focalPoint ?? [0, 0, 0])] as unknown as Vec3;
  let mipAngle = 0;
  let liveMipAngle = 0;
  let liveTimer: ReturnType<typeof setTimeout> | undefined;
  let cine: MipCine | undefined;
  let suvMaxNow = initial.suvMax;
  const renderMipLive = (degrees: number) => {
    clearTimeout(liveTimer);
    mipAngle = degrees;
    liveMipAngle = degrees;
    const [nx0, ny0, nz0] = mipStart.viewPlaneNormal ?? [0, -1, 0];
    const focal = mipStart.focalPoint ?? [0, 0, 0];
    const position = mipStart.position ?? [0, 0, 0];
    const distance = Math.hypot(position[0] - focal[0], position[1] - focal[1], position[2] - focal[2]);
    const a = (degrees * Math.PI) / 180;
    const normal: Types.Point3 = [
      nx0 * Math.cos(a) - ny0 * Math.sin(a),
      nx0 * Math.sin(a) + ny0 * Math.cos(a),
      nz0,
    ];
    mip.setCamera({
      focalPoint: focal,
      viewPlaneNormal: normal,
      viewUp: mipStart.viewUp ?? [0, 0, 1],
      position: [
        focal[0] + normal[0] * distance,
        focal[1] + normal[1] * distance,
        focal[2] + normal[2] * distance,
      ],
    });
    mip.render();
  };
  /** The cine frame of the angle over the MIP viewport, or false when it is not projected yet. */
  const showCine = (degrees: number) =>
    cine?.show(
      degrees,
      { focalPoint: mipStartFocal, parallelScale: mip.getCamera().parallelScale ?? 1 },
      suvMaxNow,
    ) ?? false;
  const setMipAngle = (degrees: number) => {
    mipAngle = degrees;
    clearTimeout(liveTimer);
    if (showCine(degrees)) liveTimer = setTimeout(() => renderMipLive(mipAngle), MIP_LIVE_AFTER_MS);
    else renderMipLive(degrees);
  };
  const fused = () => FUSED_VIEWPORT_IDS.map((id) => engine.getViewport(csId(id)) as Types.IVolumeViewport);
  const setCtWindow = (window: CtWindow) => {
    for (const viewport of fused()) viewport.setProperties({ voiRange: ctWindowRange(window) }, ctId);
    engine.render();
  };
  const setSuvMax = (suvMax: number) => {
    for (const viewport of fused()) {
      // Colour map first: setting it resets the mapping range that the SUV window then sets.
      viewport.setProperties(
        { colormap: { name: PET_COLORMAP, opacity: PET_OPACITY, threshold: DEFAULT_PET_THRESHOLD_SUV } },
        petId,
      );
      viewport.setProperties({ voiRange: { lower: 0, upper: suvMax } }, petId);
      setOpacityUnitDistance(viewport, petId);
    }
    mip.setProperties({ voiRange: { lower: 0, upper: suvMax }, invert: true }, petId);
    suvMaxNow = suvMax;
    if (mipAngle !== liveMipAngle) showCine(mipAngle);
    engine.render();
  };
  setCtWindow(initial.ctWindow);
  setSuvMax(initial.suvMax);
  performance.measure('cxcr4pet viewports set', { start: placing, end: performance.now() });
  const overlaying = performance.now();

  const toolGroupId = `cxcr4pet-tools-${prefix}${n}`;
  const tools = ToolGroupManager.createToolGroup(toolGroupId);
  if (tools === undefined) throw new Error(`tool group ${toolGroupId} exists`);
  tools.addTool(StackScrollTool.toolName);
  tools.addTool(PanTool.toolName);
  tools.addTool(ZoomTool.toolName);
  tools.setToolActive(StackScrollTool.toolName, {
    bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }],
  });
  tools.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
  tools.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
  for (const viewportId of VIEWPORT_IDS) tools.addViewport(csId(viewportId), engine.id);

  const segmentationId = `cxcr4pet-lesions-${prefix}${n}`;
  const labelmap = ToolEnums.SegmentationRepresentations.Labelmap;
  // The overlay is added to and removed from the viewports (Cornerstone 5's representation
  // visibility flag does not hide a volume labelmap in these viewports).
  const showOverlay = async () => {
    await segmentation.addLabelmapRepresentationToViewportMap(
      Object.fromEntries(FUSED_VIEWPORT_IDS.map((id) => [csId(id), [{ segmentationId }]])),
    );
    colourSegments();
  };
  let segmentColours = new Map<number, readonly [number, number, number, number]>(
    study.lesions.map((l) => [l.label, LESION_COLOUR]),
  );
  const colourSegments = () => {
    for (const viewportId of FUSED_VIEWPORT_IDS)
      for (const [label, colour] of segmentColours)
        segmentation.config.color.setSegmentIndexColor(csId(viewportId), segmentationId, label, [...colour]);
  };
  if (lesionId !== undefined) {
    segmentation.addSegmentations([
      { segmentationId, representation: { type: labelmap, data: { volumeId: lesionId } } },
    ]);
    segmentation.config.style.setStyle(
      { type: labelmap },
      { renderFill: true, fillAlpha: 0.2, renderOutline: true, outlineWidth: 2, outlineOpacity: 1 },
    );
    await showOverlay();
  }
  performance.measure('cxcr4pet overlay and tools', { start: overlaying, end: performance.now() });
  const rendering = performance.now();
  const firstDrawn = Promise.all(
    VIEWPORT_IDS.map(
      (id) =>
        new Promise<void>((resolve) => {
          elements[id].addEventListener(Enums.Events.IMAGE_RENDERED, () => resolve(), { once: true });
          setTimeout(resolve, FIRST_DRAW_TIMEOUT_MS); // never wait forever for a hidden viewport
        }),
    ),
  ).then(() => {
    performance.measure('cxcr4pet first frame drawn', { start: rendering, end: performance.now() });
    performance.measure('cxcr4pet page open → first image drawn', { start: 0, end: performance.now() });
  });
  engine.render();
  performance.measure('cxcr4pet first render call', { start: rendering, end: performance.now() });
  // A live render of the MIP at the angle asked for replaces the cine's frame.
  const onMipRendered = () => {
    if (liveMipAngle === mipAngle) cine?.hide();
  };
  elements.mip.addEventListener(Enums.Events.IMAGE_RENDERED, onMipRendered);
  const cineStarted = firstDrawn.then(() => {
    if (options.mipCine === false) return false;
    // Screen right at 0°: vtk's cross(direction of projection, view up) = up × normal.
    const up = mipStart.viewUp ?? [0, 0, 1];
    const normal = mipStart.viewPlaneNormal ?? [0, -1, 0];
    const right: Vec3 = [
      up[1] * normal[2] - up[2] * normal[1],
      up[2] * normal[0] - up[0] * normal[2],
      up[0] * normal[1] - up[1] * normal[0],
    ];
    cine = startMipCine(elements.mip, pet, mipStartFocal, right);
    return cine.ready.then(
      () => true,
      () => false,
    );
  });

  const valuesAt = (lps: Vec3): Sample => ({
    lps,
    suv: valueAt(pet, lps),
    hu: valueAt(ct, lps),
    lesionLabel: lesions === undefined ? undefined : valueAt(lesions, lps),
  });
  const viewportOf = (id: ViewportId) => engine.getViewport(csId(id)) as Types.IVolumeViewport;
  const cameraListeners = new Set<(viewportId: ViewportId) => void>();
  // Reduced resolution while scrolling: Cornerstone renders each viewport at sWidth × sHeight pixels and
  // maps canvas points through them, so the app scales its own mappings by the same factor meanwhile.
  type Sized = { sWidth: number; sHeight: number };
  const fullSize = new Map<ViewportId, readonly [number, number]>();
  const settleTimers = new Map<ViewportId, ReturnType<typeof setTimeout>>();
  const scaleOf = (id: ViewportId) => {
    const full = fullSize.get(id);
    return full === undefined ? 1 : (viewportOf(id) as unknown as Sized).sWidth / full[0];
  };
  const settle = (id: ViewportId) => {
    clearTimeout(settleTimers.get(id));
    settleTimers.delete(id);
    const full = fullSize.get(id);
    if (full === undefined) return;
    const vp = viewportOf(id) as unknown as Sized;
    [vp.sWidth, vp.sHeight] = full;
    fullSize.delete(id);
    delete elements[id].dataset.interactive;
    viewportOf(id).render();
  };
  const hurry = (id: ViewportId) => {
    if (id === 'mip') return;
    if (!fullSize.has(id)) {
      const vp = viewportOf(id) as unknown as Sized;
      fullSize.set(id, [vp.sWidth, vp.sHeight]);
      vp.sWidth = Math.max(8, Math.round(vp.sWidth * SCROLL_RESOLUTION));
      vp.sHeight = Math.max(8, Math.round(vp.sHeight * SCROLL_RESOLUTION));
      elements[id].dataset.interactive = 'true';
    }
    clearTimeout(settleTimers.get(id));
    settleTimers.set(
      id,
      setTimeout(() => settle(id), SCROLL_SETTLE_MS),
    );
  };
  // The wheel scrolls (Cornerstone's stack-scroll tool): hurry first; a press (pan, zoom, click) needs the
  // full-resolution mapping, so it settles at once.
  const inputHandlers = FUSED_VIEWPORT_IDS.map((id) => {
    const onWheel = () => hurry(id);
    const onPress = () => settle(id);
    elements[id].addEventListener('wheel', onWheel, { capture: true, passive: true });
    elements[id].addEventListener('pointerdown', onPress, { capture: true });
    return () => {
      elements[id].removeEventListener('wheel', onWheel, { capture: true });
      elements[id].removeEventListener('pointerdown', onPress, { capture: true });
    };
  });
  const cameraHandlers = VIEWPORT_IDS.map((id) => {
    const handler = () => {
      for (const listener of cameraListeners) listener(id);
    };
    elements[id].addEventListener(Enums.Events.CAMERA_MODIFIED, handler);
    return () => elements[id].removeEventListener(Enums.Events.CAMERA_MODIFIED, handler);
  });
  return {
    pet,
    servedLabels: () => (servedLesions === undefined ? undefined : Int32Array.from(servedLesions.data)),
    setLabels(labels, colours = new Map()) {
      if (lesionId === undefined || lesions === undefined)
        throw new Error('this study has no lesion overlay');
      const labelVolume = cache.getVolume(lesionId);
      const data = Uint8Array.from(labels);
      labelVolume?.voxelManager?.setCompleteScalarDataArray?.(data);
      lesions = { ...lesions, data };
      const used = new Set(data);
      used.delete(0);
      segmentColours = new Map([...used].map((label) => [label, colours.get(label) ?? LESION_COLOUR]));
      colourSegments();
      segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(segmentationId);
      engine.render();
    },
    setCtWindow,
    setSuvMax,
    setMipAngle,
    async setOverlayVisible(visible) {
      if (lesionId === undefined) return;
      if (visible) await showOverlay();
      else
        for (const viewportId of FUSED_VIEWPORT_IDS)
          segmentation.removeLabelmapRepresentation(csId(viewportId), segmentationId, true);
      engine.render();
    },
    nextRender(viewportId) {
      return new Promise((resolve) => {
        const element = elements[viewportId];
        const done = () => {
          element.removeEventListener(Enums.Events.IMAGE_RENDERED, done);
          element.removeEventListener(CINE_FRAME_EVENT, done);
          resolve();
        };
        element.addEventListener(Enums.Events.IMAGE_RENDERED, done);
        element.addEventListener(CINE_FRAME_EVENT, done);
      });
    },
    renderMipLive,
    showMipCineFrame(degrees) {
      clearTimeout(liveTimer);
      mipAngle = degrees;
      return showCine(degrees);
    },
    mipCineReady: () => cineStarted,
    firstDrawn,
    scroll(viewportId, delta) {
      if (viewportId === 'mip') return;
      hurry(viewportId);
      viewportOf(viewportId).scroll(delta);
    },
    hurry,
    hurried: (viewportId) => fullSize.has(viewportId),
    jumpTo(lps) {
      for (const viewport of fused()) viewport.jumpToWorld([...lps] as Types.Point3);
      engine.render();
    },
    sample(viewportId, canvasXY) {
      const k = scaleOf(viewportId);
      return valuesAt(
        viewportOf(viewportId).canvasToWorld([canvasXY[0] * k, canvasXY[1] * k]) as unknown as Vec3,
      );
    },
    valuesAt,
    worldToCanvas(viewportId, lps) {
      const [x, y] = viewportOf(viewportId).worldToCanvas([...lps] as Types.Point3);
      const k = scaleOf(viewportId);
      return [x / k, y / k];
    },
    focalPoint(viewportId) {
      const [x, y, z] = viewportOf(viewportId).getCamera().focalPoint ?? [Number.NaN, Number.NaN, Number.NaN];
      return [x, y, z];
    },
    view(viewportId) {
      const camera = viewportOf(viewportId).getCamera();
      const [x, y, z] = camera.focalPoint ?? [Number.NaN, Number.NaN, Number.NaN];
      return { focalPoint: [x, y, z], parallelScale: camera.parallelScale ?? Number.NaN };
    },
    setView(viewportId, view) {
      const viewport = viewportOf(viewportId);
      const camera = viewport.getCamera();
      const focal = camera.focalPoint ?? [0, 0, 0];
      const position = camera.position ?? [0, 0, 0];
      // Same direction of view, the camera moved with its focal point.
      const shift = [0, 1, 2].map((a) => (view.focalPoint[a] as number) - (focal[a] as number));
      viewport.setCamera({
        focalPoint: [...view.focalPoint] as Types.Point3,
        position: position.map((v, a) => v + (shift[a] as number)) as Types.Point3,
        parallelScale: view.parallelScale,
      });
      viewport.render();
    },
    onCameraChange(listener) {
      cameraListeners.add(listener);
      return () => cameraListeners.delete(listener);
    },
    displayState(viewportId) {
      const viewport = viewportOf(viewportId);
      return {
        ct: viewportId === 'mip' ? undefined : viewport.getProperties(ctId),
        pet: viewport.getProperties(petId),
      };
    },
    destroy() {
      clearTimeout(liveTimer);
      elements.mip.removeEventListener(Enums.Events.IMAGE_RENDERED, onMipRendered);
      cine?.destroy();
      for (const timer of settleTimers.values()) clearTimeout(timer);
      for (const remove of inputHandlers) remove();
      for (const remove of cameraHandlers) remove();
      cameraListeners.clear();
      ToolGroupManager.destroyToolGroup(toolGroupId);
      if (lesionId !== undefined) segmentation.removeSegmentation(segmentationId);
      engine.destroy();
      releaseVolumes(volumeIds);
    },
  };
}
