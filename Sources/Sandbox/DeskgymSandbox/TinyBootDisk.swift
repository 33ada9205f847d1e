import Foundation

/// A two-sector disk that boots without any operating system, for checking the `qemu` machinery
/// (and timing it) where a desktop VM image is too large: its boot sector hides the text cursor,
/// reads sector 2, adds one to its first byte and writes it back, prints `DESKGYM BOOT <n>` and a
/// `> ` prompt, then echoes every key typed. Assembled from (GNU as, `.code16`, linked at 0x7c00):
///
///     cli; xor ax,ax; mov ds/es/ss,ax; mov sp,0x7c00; sti
///     mov ax,0x0100; mov cx,0x2000; int 0x10          ; hide the cursor
///     mov [drive],dl
///     mov ax,0x0201; mov bx,0x7e00; mov cx,2; xor dh,dh; int 0x13   ; read sector 2
///     inc byte [0x7e00]
///     mov ax,0x0301; …; int 0x13                                    ; write it back
///     print "DESKGYM BOOT "; putc [0x7e00]+'0'; print "\r\n> "
///     next: xor ah,ah; int 0x16; putc al; cmp al,13; jne next; putc 10; jmp next
///     putc: push ax; mov ah,0x0e; mov bx,7; int 0x10; pop ax; ret
///
/// With `-snapshot` the write never reaches the file, so every boot prints 1.
public enum TinyBootDisk {
    private static let bootSector =
        "fa31c08ed88ec08ed0bc007cfbb80001b90020cd108816767cb80102bb007eb9020030f6cd13fe06007eb80103bb007eb9020030f68a16767ccd13be777ce82000a0007e0430e82300be857ce8120030e4cd16e816003c0d75f5b00ae80d00ebeeac84c07405e80300ebf6c350b40ebb0700cd1058c3004445534b47594d20424f4f5420000d0a3e2000"

    /// Writes the disk as `boot.img` in `folder` and returns its URL.
    public static func write(in folder: URL) throws -> URL {
        var bytes = [UInt8](repeating: 0, count: 1024)
        var index = bootSector.startIndex
        var offset = 0
        while index < bootSector.endIndex {
            let next = bootSector.index(index, offsetBy: 2)
            bytes[offset] = UInt8(bootSector[index..<next], radix: 16) ?? 0
            offset += 1
            index = next
        }
        bytes[510] = 0x55
        bytes[511] = 0xAA
        let url = folder.appendingPathComponent("boot.img")
        try Data(bytes).write(to: url)
        return url
    }
}
