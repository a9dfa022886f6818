import { app, type Session, type WebContents } from 'electron';
import { navigationAllowed, permissionAllowed, requestAllowed, windowOpenResponse } from './window-options';

/** The session of the window: nothing remote, no permission granted. */
export function hardenSession(session: Session, devTools: boolean): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = requestAllowed(details.url, devTools);
    if (!allowed) console.warn(`blocked a request the app does not make: ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionAllowed(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission));
  session.setDevicePermissionHandler(() => false);
  // getDisplayMedia: no handler is set, so every screen-capture request is refused.
}

/** Every web contents the app makes (the window, devtools): no navigation away, no new windows, no webviews. */
export function guardWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler((details) => windowOpenResponse(details.url));
    const refuse = (event: { preventDefault(): void }, url: string) => {
      if (!navigationAllowed(url)) {
        event.preventDefault();
        console.warn(`blocked a navigation away from the app: ${url.slice(0, 200)}`);
      }
    };
    contents.on('will-navigate', (event) => refuse(event, event.url));
    contents.on('will-redirect', (event) => refuse(event, event.url));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
