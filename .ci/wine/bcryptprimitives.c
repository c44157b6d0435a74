/*
 * A stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks and
 * which the Go runtime (1.24 and later) loads at start for ProcessPrng,
 * its source of random bytes. ProcessPrng here fills the buffer from
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 *
 * Built by .ci/wine/run for the Windows test run under Wine; never
 * shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
