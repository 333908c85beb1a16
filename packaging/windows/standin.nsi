; A stand-in for the frozen rcp-desktop.exe, for machines that cannot build the real one
; (PyInstaller does not cross-compile): a genuine PE executable, made by makensis too, that
; does nothing. packaging/windows/check-chain.sh signs it, packs it with the real installer
; script, signs the installer and verifies the whole chain.
;   makensis -DOUTFILE=rcp-desktop.exe -DVERSION=0.1.0 standin.nsi
Unicode true
!ifndef OUTFILE
  !error "define OUTFILE"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
Name "rcp-desktop (stand-in)"
OutFile "${OUTFILE}"
Icon "..\..\resources\icons\rcp-desktop.ico"
SilentInstall silent
RequestExecutionLevel user
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "rcp-desktop (stand-in)"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "Stand-in executable for the signing chain test"
VIAddVersionKey "LegalCopyright" "rcp-desktop"
Section
SectionEnd
