// fetch: an Extism plugin that makes an HTTP request through the host (http_request).
// @extism/as-pdk 1.0.0 declares http_request but has no wrapper for it and no http_status_code:
// the request is the JSON the kernel expects, written here.

import { Host, Memory } from "@extism/as-pdk";
import { http_request, length } from "@extism/as-pdk/lib/env";
import { http_status_code, jsonEscape, outputText } from "./support";

/** Input: a URL. GETs it; output: {@code <status> <body as text>}. */
export function http_get(): i32 {
  const url = Host.inputString();
  const request = Memory.allocateString('{"method":"GET","url":"' + jsonEscape(url) + '","headers":{}}');
  const response = http_request(request.offset, 0);
  const status = http_status_code();
  const body = response != 0 ? new Memory(response, length(response)).toString() : "";
  outputText(status.toString() + " " + body);
  return 0;
}
