// A minimal .xlsx writer for the explorer's "download the filtered rows", written for this site
// (no third-party library, nothing fetched from another host). One worksheet; text is written
// as inline strings, so no cell is ever read as a formula; numbers as numbers, amounts with the
// built-in format #,##0.00. The package is a ZIP whose members are stored (not compressed):
// simpler and still correct, and the download stays a few MB at 10,000 projects.
// Loaded by jixiao-explorer.js on the first click on the xlsx button.
(function () {
  "use strict";

  var MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  var RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
  var DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  var HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

  function xmlText(value) {
    // Characters XML 1.0 cannot carry are dropped; a declaration never has them in practice.
    return String(value)
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, "$1")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function column(index) {
    var name = "";
    for (var n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
      name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    }
    return name;
  }

  // A cell is {text: "…"}, {number: "123.45", amount: true|false} or null (empty).
  function cellXml(cell, ref) {
    if (cell === null || cell === undefined) return "";
    if (cell.number !== undefined) {
      return '<c r="' + ref + '"' + (cell.amount ? ' s="1"' : "") + "><v>" + cell.number + "</v></c>";
    }
    return '<c r="' + ref + '" t="inlineStr"><is><t xml:space="preserve">' + xmlText(cell.text) + "</t></is></c>";
  }

  function sheetXml(rows) {
    var parts = [HEADER, '<worksheet xmlns="' + MAIN + '"><sheetData>'];
    rows.forEach(function (row, r) {
      parts.push('<row r="' + (r + 1) + '">');
      row.forEach(function (cell, c) {
        parts.push(cellXml(cell, column(c) + (r + 1)));
      });
      parts.push("</row>");
    });
    parts.push("</sheetData></worksheet>");
    return parts.join("");
  }

  function files(sheetName, rows) {
    return [
      [
        "[Content_Types].xml",
        HEADER +
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          "</Types>",
      ],
      [
        "_rels/.rels",
        HEADER +
          '<Relationships xmlns="' + RELS + '">' +
          '<Relationship Id="rId1" Type="' + DOC + '/officeDocument" Target="xl/workbook.xml"/>' +
          "</Relationships>",
      ],
      [
        "xl/workbook.xml",
        HEADER +
          '<workbook xmlns="' + MAIN + '" xmlns:r="' + DOC + '"><sheets>' +
          '<sheet name="' + xmlText(sheetName) + '" sheetId="1" r:id="rId1"/>' +
          "</sheets></workbook>",
      ],
      [
        "xl/_rels/workbook.xml.rels",
        HEADER +
          '<Relationships xmlns="' + RELS + '">' +
          '<Relationship Id="rId1" Type="' + DOC + '/worksheet" Target="worksheets/sheet1.xml"/>' +
          '<Relationship Id="rId2" Type="' + DOC + '/styles" Target="styles.xml"/>' +
          "</Relationships>",
      ],
      [
        "xl/styles.xml",
        HEADER +
          '<styleSheet xmlns="' + MAIN + '">' +
          '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
          '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
          '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
          "</styleSheet>",
      ],
      ["xl/worksheets/sheet1.xml", sheetXml(rows)],
    ];
  }

  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  // A ZIP archive of stored members, UTF-8 names, dated 1980-01-01 (a fixed date: the same
  // rows give the same bytes).
  function zip(entries) {
    var encoder = new TextEncoder();
    var chunks = [];
    var central = [];
    var offset = 0;
    entries.forEach(function (entry) {
      var name = encoder.encode(entry[0]);
      var data = encoder.encode(entry[1]);
      var crc = crc32(data);
      var local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true);
      local.setUint16(4, 20, true); // version needed: 2.0
      local.setUint16(6, 0x0800, true); // names are UTF-8
      local.setUint16(8, 0, true); // stored
      local.setUint16(10, 0, true); // time 00:00
      local.setUint16(12, 0x21, true); // date 1980-01-01
      local.setUint32(14, crc, true);
      local.setUint32(18, data.length, true);
      local.setUint32(22, data.length, true);
      local.setUint16(26, name.length, true);
      local.setUint16(28, 0, true);
      chunks.push(new Uint8Array(local.buffer), name, data);
      var record = new DataView(new ArrayBuffer(46));
      record.setUint32(0, 0x02014b50, true);
      record.setUint16(4, 20, true);
      record.setUint16(6, 20, true);
      record.setUint16(8, 0x0800, true);
      record.setUint16(10, 0, true);
      record.setUint16(12, 0, true);
      record.setUint16(14, 0x21, true);
      record.setUint32(16, crc, true);
      record.setUint32(20, data.length, true);
      record.setUint32(24, data.length, true);
      record.setUint16(28, name.length, true);
      record.setUint32(42, offset, true); // fields 30–41 (extra, comment, disk, attributes) are 0
      central.push(new Uint8Array(record.buffer), name);
      offset += 30 + name.length + data.length;
    });
    var centralSize = central.reduce(function (sum, part) { return sum + part.length; }, 0);
    var end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, entries.length, true);
    end.setUint16(10, entries.length, true);
    end.setUint32(12, centralSize, true);
    end.setUint32(16, offset, true);
    return new Blob(chunks.concat(central, [new Uint8Array(end.buffer)]), {
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
  }

  window.jixiaoXlsx = function (sheetName, rows) {
    return zip(files(sheetName, rows));
  };
})();
