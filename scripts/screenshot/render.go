package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The picture's look: a dark terminal with the Go Mono font.
var (
	defaultForeground = color.RGBA{0xd8, 0xd8, 0xe0, 0xff}
	defaultBackground = color.RGBA{0x1c, 0x1c, 0x24, 0xff}
)

const (
	fontSize = 16 // points at 72 DPI, so pixels
	padding  = 12 // pixels around the cells
)

// renderer draws terminal cells with a regular and a bold face.
type renderer struct {
	regular, bold font.Face
	cellWidth     int
	cellHeight    int
	ascent        int
}

func newRenderer() (*renderer, error) {
	face := func(ttf []byte) (font.Face, error) {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return nil, err
		}
		return opentype.NewFace(f, &opentype.FaceOptions{Size: fontSize, DPI: 72, Hinting: font.HintingFull})
	}
	regular, err := face(gomono.TTF)
	if err != nil {
		return nil, fmt.Errorf("load Go Mono: %w", err)
	}
	bold, err := face(gomonobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("load Go Mono Bold: %w", err)
	}

	advance, _ := regular.GlyphAdvance('M')
	metrics := regular.Metrics()
	return &renderer{
		regular: regular, bold: bold,
		cellWidth:  advance.Ceil(),
		cellHeight: (metrics.Ascent + metrics.Descent).Ceil() + 2,
		ascent:     metrics.Ascent.Ceil() + 1,
	}, nil
}

// renderPNG parses the ANSI text of a width×height screen, as tmux
// capture-pane -e prints it, and writes it as a PNG.
func (r *renderer) renderPNG(ansiText string, width, height int, path string) error {
	term := vt.NewEmulator(width, height)
	// capture-pane leaves out the cells that the program cleared with
	// erase-line, which terminals fill with the current background colour.
	// Erasing to the end of each short line restores them. A full line is
	// left alone, because erasing there would clear its last cell.
	lines := strings.Split(strings.TrimRight(ansiText, "\n"), "\n")
	for i, line := range lines {
		if ansi.StringWidth(line) < width {
			lines[i] = line + ansi.EraseLineRight
		}
	}
	// The emulator needs \r\n to return to the first column.
	if _, err := term.WriteString(strings.Join(lines, "\r\n")); err != nil {
		return fmt.Errorf("parse the screen: %w", err)
	}

	img := image.NewRGBA(image.Rect(0, 0, 2*padding+width*r.cellWidth, 2*padding+height*r.cellHeight))
	draw.Draw(img, img.Bounds(), image.NewUniform(defaultBackground), image.Point{}, draw.Src)
	for y := range height {
		for x := 0; x < width; x++ {
			cell := term.CellAt(x, y)
			if cell == nil {
				continue
			}
			r.drawCell(img, x, y, cell)
			if cell.Width > 1 {
				x += cell.Width - 1
			}
		}
	}

	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (r *renderer) drawCell(img *image.RGBA, x, y int, cell *uv.Cell) {
	fg, bg := colorOr(cell.Style.Fg, defaultForeground), colorOr(cell.Style.Bg, defaultBackground)
	if cell.Style.Attrs&uv.AttrReverse != 0 {
		fg, bg = bg, fg
	}
	left, top := padding+x*r.cellWidth, padding+y*r.cellHeight
	width := r.cellWidth * max(1, cell.Width)
	draw.Draw(img, image.Rect(left, top, left+width, top+r.cellHeight), image.NewUniform(bg), image.Point{}, draw.Src)

	if cell.Content == "" || cell.Content == " " {
		return
	}
	face := r.regular
	if cell.Style.Attrs&uv.AttrBold != 0 {
		face = r.bold
	}
	d := font.Drawer{Dst: img, Src: image.NewUniform(fg), Face: face, Dot: fixed.P(left, top+r.ascent)}
	d.DrawString(cell.Content)
	if cell.Style.Underline != uv.UnderlineNone {
		draw.Draw(img, image.Rect(left, top+r.cellHeight-2, left+width, top+r.cellHeight-1), image.NewUniform(fg), image.Point{}, draw.Src)
	}
}

func colorOr(c, fallback color.Color) color.Color {
	if c == nil {
		return fallback
	}
	return c
}
