// Contract detail: the cumulative funds-arrived line (ECharts) against the contract amount, drawn from the
// json_script data. Runs on page load and again after htmx swaps the 详情 tab back in.
(function () {
  "use strict";

  function draw() {
    var element = document.getElementById("funds-chart");
    var source = document.getElementById("funds-chart-data");
    if (!element || !source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var points = data.points.map(function (point) {
      return [point[0], Number(point[1])];
    });
    var chart = window.echarts.getInstanceByDom(element) || window.echarts.init(element);
    chart.setOption({
      title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: [data.series_label] },
      grid: { left: 70, right: 30, top: 40, bottom: 40 },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: "万元", max: function (value) { return Math.max(value.max, Number(data.amount)); } },
      series: [
        {
          name: data.series_label,
          type: "line",
          step: "end",
          data: points,
          itemStyle: { color: "#1d5fbf" },
          markLine: {
            symbol: "none",
            label: { position: "insideEndTop", formatter: data.amount_label + " {c}" },
            lineStyle: { type: "dashed", color: "#8a94a6" },
            data: [{ yAxis: Number(data.amount) }]
          }
        }
      ]
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  document.addEventListener("htmx:afterSettle", draw);
  window.addEventListener("resize", function () {
    var element = document.getElementById("funds-chart");
    var chart = element && window.echarts && window.echarts.getInstanceByDom(element);
    if (chart) chart.resize();
  });
})();
