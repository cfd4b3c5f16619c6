/** The build-time flags WXT defines (https://wxt.dev/guide/essentials/config/environment-variables#built-in-environment-variables). */
interface ImportMetaEnv {
  /** The build is for Firefox (`wxt build -b firefox`). */
  readonly FIREFOX: boolean;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
