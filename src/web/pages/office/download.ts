import { ApiError } from '../../api/client.ts';

/**
 * The file name of a download from its Content-Disposition header: the UTF-8 `filename*` (RFC 5987) wins
 * over the ASCII fallback, so Chinese names such as 督查通报（2017年6月）.docx arrive intact.
 * @example fileNameOf("attachment; filename=\"__.xlsx\"; filename*=UTF-8''%E5%88%86.xlsx", 'x.xlsx') -> '分.xlsx'
 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/iu.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // a malformed escape: fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/iu.exec(disposition);
  return plain?.[1] || fallback;
}

/**
 * GET a file from the API and hand it to the browser under its server-given (Chinese) name. API errors
 * come back as ApiError with the server's message, like every other call.
 */
export async function downloadFile(
  path: string,
  fallbackName: string,
): Promise<{ fileName: string; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    let err: { code?: string; message?: string; details?: unknown } | undefined;
    try {
      err = ((await res.json()) as { error?: typeof err }).error;
    } catch {
      err = undefined;
    }
    throw new ApiError(
      res.status,
      err?.code ?? `http-${res.status}`,
      err?.message ?? `下载失败（${res.status}）`,
      err?.details,
    );
  }
  const blob = await res.blob();
  const fileName = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { fileName, headers: res.headers };
}

/** Files as a multipart form (field "file", repeated) for `api.post`. */
export function filesForm(files: File[]): FormData {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  return form;
}
