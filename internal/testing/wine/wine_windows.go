package wine

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

func version() (string, bool) {
	proc := windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version")
	if proc.Find() != nil {
		return "", false
	}
	r, _, _ := proc.Call()
	if r == 0 {
		return "unknown", true
	}
	// r is a pointer to a NUL-terminated string that Wine keeps.
	return windows.BytePtrToString(*(**byte)(unsafe.Pointer(&r))), true
}
